"""ops and the emulator import the shared library (and ops the two service entry points it is allowed) from the
venv's jobfeed-dev.pth that `make setup` writes, not by changing sys.path when imported."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def path_changes(source: str) -> list[int]:
    """Lines that touch sys.path (an attribute `path` of the name `sys`)."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr == "path"
            and isinstance(node.value, ast.Name) and node.value.id == "sys"]


def test_ops_the_emulator_tools_and_benches_leave_sys_path_alone() -> None:
    offenders = {str(path.relative_to(ROOT)): lines for top in ("ops", "emulator", "tools", "bench")
                 for path in sorted((ROOT / top).rglob("*.py"))
                 if (lines := path_changes(path.read_text(encoding="utf-8")))}
    assert offenders == {}
    assert path_changes("import sys\nsys.path.insert(0, 'x')\n") == [2]  # the finder sees one


def test_ops_and_the_emulator_import_from_anywhere_in_an_isolated_interpreter(tmp_path: Path) -> None:
    # -I: no PYTHONPATH, no user site, not even the working directory: only the venv (and its .pth) remain.
    code = "import ops.feeds, ops.cli, emulator.stack, emulator.console.reads, jobfeed.topology"
    done = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"run `make setup` (it writes jobfeed-dev.pth): {done.stderr[-2000:]}"
    help_text = subprocess.run([sys.executable, "-I", "-m", "ops", "--help"], cwd=tmp_path, capture_output=True,
                               text=True, timeout=120)
    assert help_text.returncode == 0 and "rebuild-feed" in help_text.stdout, help_text.stderr[-2000:]
