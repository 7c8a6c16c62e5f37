"""Terraform hygiene: documented, typed variables; canonical formatting; a clean checkov scan."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.terraform.terraform_support import REPO, TF_DIR, TerraformConfig, terraform_binary, terraform_env

CHECKOV = REPO / ".venv-checkov" / "bin" / "checkov"
SKIP_COMMENT = re.compile(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?")


def _all_configs() -> dict[str, TerraformConfig]:
    configs = {"terraform": TerraformConfig.load(TF_DIR)}
    for module in sorted((TF_DIR / "modules").iterdir()):
        configs[f"modules/{module.name}"] = TerraformConfig.load(module)
    return configs


def test_every_variable_has_a_description_and_a_type() -> None:
    missing = [
        f"{where}: var.{name}"
        for where, config in _all_configs().items()
        for name, body in config.variables.items()
        if not str(body.get("description", "")).strip() or "type" not in body
    ]

    assert sum(len(c.variables) for c in _all_configs().values()) > 10  # the parser did find them
    assert missing == []


def test_terraform_files_are_formatted(tmp_path: Path) -> None:
    done = subprocess.run(
        [terraform_binary(), "fmt", "-check", "-recursive", "-diff", str(TF_DIR)],
        capture_output=True, text=True, env=terraform_env(tmp_path), timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr


def test_every_checkov_skip_says_why() -> None:
    skips = [
        (path.relative_to(TF_DIR), match.group(1), (match.group(2) or "").strip())
        for path in TF_DIR.rglob("*.tf")
        for match in SKIP_COMMENT.finditer(path.read_text(encoding="utf-8"))
    ]

    assert [s for s in skips if len(s[2]) < 20] == []  # a reason, not a token


def test_checkov_finds_no_failed_check() -> None:
    if not CHECKOV.exists():
        pytest.skip(f"{CHECKOV} missing: create it with `make test` (or see terraform/README.md, Checks)")
    done = subprocess.run(
        [str(CHECKOV), "--directory", str(TF_DIR), "--framework", "terraform", "--compact",
         "--skip-download", "--output", "json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    report = json.loads(done.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [
        f"{c['check_id']} {c['resource']} ({c['file_path']})" for r in reports for c in r["results"]["failed_checks"]
    ]

    assert failed == []
    assert all(r["summary"]["parsing_errors"] == 0 for r in reports)
    assert sum(r["summary"]["passed"] for r in reports) > 0  # it did scan something
    assert done.returncode == 0, done.stderr[-2000:]
