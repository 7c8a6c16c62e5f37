"""The GitHub Actions workflow runs the make targets the README documents for CI, on the platforms it names, and
the GitHub files fail the schema check in `make lint` when they are wrong."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
MAKE_TARGET = re.compile(r"`?make ([a-z0-9-]+)")


def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(document: dict[str, Any]) -> dict[str, Any]:
    return document.get("on", document.get(True))  # YAML 1.1 reads the bare key `on` as True


def ci_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Continuous integration")
    return readme[start:readme.index("\n#", start + 5)]


def make_targets(job: dict[str, Any]) -> list[str]:
    return [target for step in job["steps"] for target in MAKE_TARGET.findall(step.get("run", ""))]


def test_the_workflow_runs_the_targets_the_readme_documents() -> None:
    jobs = workflow()["jobs"]
    documented = MAKE_TARGET.findall(ci_section())
    makefile_targets = set(re.findall(r"^([a-z0-9-]+):", (REPO / "Makefile").read_text(), re.MULTILINE))

    assert make_targets(jobs["test"]) == ["test", "faults"]  # in the README's order
    assert make_targets(jobs["audit"]) == ["audit"]
    assert sorted(set(documented)) == sorted({*make_targets(jobs["test"]), *make_targets(jobs["audit"])})
    assert set(documented) <= makefile_targets


def test_the_platforms_and_triggers_are_the_documented_ones() -> None:
    document, section = workflow(), ci_section()
    test_job = document["jobs"]["test"]

    assert set(triggers(document)) >= {"push", "pull_request", "schedule"}
    assert test_job["runs-on"] == "ubuntu-latest" and test_job["strategy"]["matrix"]["python"] == ["3.11", "3.12"]
    assert "Python 3.11 and 3.12" in section and "ubuntu-latest" in section
    assert "schedule" in test_job["if"]  # the weekly run is the audit alone
    assert "if" not in document["jobs"]["audit"]
    uses = [step.get("uses", "") for step in test_job["steps"]]
    assert any(u.startswith("google-github-actions/setup-gcloud@") for u in uses)
    gcloud = next(s for s in test_job["steps"] if s.get("uses", "").startswith("google-github-actions/setup-gcloud"))
    assert {"pubsub-emulator", "cloud-firestore-emulator"} <= set(gcloud["with"]["install_components"].split(","))
    assert any(u.startswith("actions/setup-java@") for u in uses)
    assert all(s["with"]["cache"] == "pip" for j in document["jobs"].values() for s in j["steps"]
               if s.get("uses", "").startswith("actions/setup-python@"))


@pytest.mark.parametrize(("schema", "path", "break_it"), [
    ("vendor.github-workflows", WORKFLOW, lambda text: text.replace("runs-on:", "run-on:", 1)),
    ("vendor.dependabot", REPO / ".github" / "dependabot.yml",
     lambda text: text.replace("interval: weekly", "interval: fortnightly", 1)),
])
def test_the_schema_check_in_make_lint_passes_and_catches_a_mistake(
    schema: str, path: Path, break_it: Any, tmp_path: Path
) -> None:
    if CHECK_JSONSCHEMA is None:
        pytest.skip("check-jsonschema is not installed in this environment (requirements.txt pins it)")
    broken = tmp_path / path.name
    broken.write_text(break_it(path.read_text(encoding="utf-8")), encoding="utf-8")

    def check(target: Path) -> int:
        return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", schema, str(target)], capture_output=True,
                              timeout=60, check=False).returncode

    assert check(path) == 0
    assert check(broken) != 0
