"""The repository stands alone: its docs and code point only inside it (benchmarks may read an optional corpus
next to the checkout, and skip when it is absent)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUTSIDE = re.compile(r"\.\./shared|DESIGN\.md")
ALLOWED = ("bench/",)  # optional benchmark corpora, skipped when absent


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=30)
    return [name for name in out.stdout.splitlines() if not name.startswith(ALLOWED)]


def test_nothing_outside_the_benchmarks_points_outside_the_repository() -> None:
    offenders = []
    for name in tracked_files():
        path = ROOT / name
        if path.suffix in {".pdf", ".png", ".zip"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{name}: {m.group(0)}" for m in OUTSIDE.finditer(text)]
    assert offenders == [], offenders


def test_readme_links_resolve_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(([^)#]+)\)", readme)
    assert targets, "the README links its docs"
    missing = [t for t in targets if not t.startswith("http") and not (ROOT / t).exists()]
    assert missing == [], missing


def test_readme_service_table_names_every_function() -> None:
    from jobfeed.topology import topology

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("<!-- services:begin"):readme.index("<!-- services:end -->")]
    assert all(f"(`{f['name']}`)" in table for f in topology().functions)
