"""tools/package_functions.py: deterministic bundles that import on their own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.terraform.terraform_support import REPO
from tools.package_functions import BundleError, build_bundle, load_functions, package_all

FUNCTIONS = load_functions(REPO)
IMPORT_CHECK = """
import sys
sys.path.insert(0, {bundle!r})
import main
assert callable(getattr(main, {name!r}, None)), "main.{name} is not a function"
leaked = sorted(m.__file__ for m in list(sys.modules.values())
                if (getattr(m, "__file__", None) or "").startswith({repo_functions!r}))
assert not leaked, "imported from the repository, not the bundle: %s" % leaked
"""


def import_entry_point(bundle_zip: Path, name: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    """Unzip a bundle alone into a clean folder and import its entry point in an isolated interpreter."""
    bundle = workdir / "bundle"
    shutil.rmtree(bundle, ignore_errors=True)
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(bundle)
    code = IMPORT_CHECK.format(bundle=str(bundle), name=name, repo_functions=str(REPO / "functions") + os.sep)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # -I: ignore PYTHON* variables and user site-packages, and put neither cwd nor a script dir on sys.path.
    return subprocess.run(
        [sys.executable, "-I", "-c", code], cwd=bundle, env=env, capture_output=True, text=True, timeout=120
    )


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fake_repo(tmp_path: Path) -> Path:
    """A minimal repository: one service, the common package, schemas, and files that must stay out."""
    root = tmp_path / "repo"
    _write(root / "schemas" / "topology.yaml", "functions:\n  - {name: greet, source: greeter}\n")
    _write(root / "schemas" / "greeted.avsc", '{"type": "record", "name": "Greeted", "fields": []}\n')
    _write(root / "functions" / "common" / "jobfeed" / "__init__.py", "WORD = 'hello'\n")
    _write(root / "functions" / "greeter" / "requirements.txt", "pyyaml==6.0.4\n")
    _write(
        root / "functions" / "greeter" / "main.py",
        "from greeter.words import word\n\ndef greet():\n    return word()\n",
    )
    _write(root / "functions" / "greeter" / "greeter" / "__init__.py", "")
    _write(
        root / "functions" / "greeter" / "greeter" / "words.py",
        "import jobfeed\n\ndef word():\n    return jobfeed.WORD\n",
    )
    _write(root / "functions" / "greeter" / "greeter" / "__pycache__" / "words.cpython-311.pyc", "compiled")
    _write(root / "functions" / "greeter" / "tests" / "test_words.py", "def test(): pass\n")
    _write(root / "functions" / "greeter" / "stale.pyc", "compiled")
    return root


def test_bundle_holds_the_service_the_common_package_and_the_schemas(fake_repo: Path, tmp_path: Path) -> None:
    [bundle] = package_all(fake_repo, tmp_path / "out")

    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        infos = archive.infolist()
    assert bundle == tmp_path / "out" / "greet.zip"
    assert names == sorted(names)
    assert set(names) == {
        "main.py", "requirements.txt", "greeter/__init__.py", "greeter/words.py",
        "jobfeed/__init__.py", "schemas/topology.yaml", "schemas/greeted.avsc",
    }  # fmt: skip
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_packaging_twice_gives_identical_bytes_whatever_file_times_and_modes(fake_repo: Path, tmp_path: Path) -> None:
    first = package_all(fake_repo, tmp_path / "first")[0].read_bytes()
    for path in fake_repo.rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))
    (fake_repo / "functions" / "greeter" / "main.py").chmod(0o755)
    second = package_all(fake_repo, tmp_path / "second")[0].read_bytes()

    assert first == second


def test_a_fake_bundle_imports_its_entry_point_alone(fake_repo: Path, tmp_path: Path) -> None:
    [bundle] = package_all(fake_repo, tmp_path / "out")

    assert import_entry_point(bundle, "greet", tmp_path).returncode == 0
    # The check can fail: a name main.py does not define.
    failed = import_entry_point(bundle, "wave", tmp_path)
    assert failed.returncode != 0 and "main.wave is not a function" in failed.stderr


def test_a_missing_source_folder_is_an_error(fake_repo: Path, tmp_path: Path) -> None:
    shutil.rmtree(fake_repo / "functions" / "greeter")

    with pytest.raises(BundleError, match="functions/greeter/main.py"):
        package_all(fake_repo, tmp_path / "out")


@pytest.fixture(scope="module")
def real_bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bundles")
    return {f["name"]: build_bundle(REPO, f, out) for f in FUNCTIONS}


@pytest.mark.parametrize("function", [f["name"] for f in FUNCTIONS])
def test_each_topology_function_bundle_imports_its_entry_point(
    function: str, real_bundles: dict[str, Path], tmp_path: Path
) -> None:
    done = import_entry_point(real_bundles[function], function, tmp_path)

    assert done.returncode == 0, done.stderr[-3000:]


def test_real_bundles_are_reproducible(tmp_path: Path) -> None:
    # Built back to back, so that only non-determinism (not an edit in between) can tell them apart.
    first = {f["name"]: build_bundle(REPO, f, tmp_path / "first").read_bytes() for f in FUNCTIONS}
    second = {f["name"]: build_bundle(REPO, f, tmp_path / "second").read_bytes() for f in FUNCTIONS}

    assert first == second
