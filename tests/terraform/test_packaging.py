"""tools/package_functions.py: deterministic bundles that import on their own, each in a venv built from its
own requirements.txt only, so a pin the function needs and does not declare fails here, not in Cloud Build."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.terraform.terraform_support import REPO
from tools.package_functions import BundleError, build_bundle, expanded_requirements, load_functions, package_all

FUNCTIONS = load_functions(REPO)
# One venv per distinct requirements set (and Python), kept between runs: the first run installs each from the
# package index (about 15 s each), later ones reuse it. `make clean` removes them.
BUNDLE_VENVS = REPO / ".venv-bundles"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)$")
IMPORT_CHECK = """
import sys
sys.path.insert(0, {bundle!r})
import main
assert callable(getattr(main, {name!r}, None)), "main.{name} is not a function"
leaked = sorted(m.__file__ for m in list(sys.modules.values())
                if (getattr(m, "__file__", None) or "").startswith({repo_functions!r}))
assert not leaked, "imported from the repository, not the bundle: %s" % leaked
"""


def venv_for(requirements: str, root: Path = BUNDLE_VENVS) -> Path:
    """The python of a venv holding exactly these requirements (and what they depend on), nothing else."""
    key = hashlib.sha256(f"{sys.version}\n{requirements}".encode()).hexdigest()[:16]
    venv = root / key
    python = venv / "bin" / "python"
    if (venv / ".installed").is_file():
        return python
    shutil.rmtree(venv, ignore_errors=True)  # a build that stopped half-way
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    (venv / "requirements.txt").write_text(requirements, encoding="utf-8")
    if any(PIN.match(line) for line in requirements.splitlines()):
        done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                               "--disable-pip-version-check", "-r", str(venv / "requirements.txt")],
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
    (venv / ".installed").touch()
    return python


def bundle_python(bundle_zip: Path, root: Path = BUNDLE_VENVS) -> Path:
    with zipfile.ZipFile(bundle_zip) as archive:
        return venv_for(archive.read("requirements.txt").decode(), root)


def import_entry_point(bundle_zip: Path, name: str, workdir: Path,
                       python: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Unzip a bundle alone into a clean folder and import its entry point in an isolated interpreter (by default
    the one of a venv built from the bundle's own requirements.txt)."""
    bundle = workdir / "bundle"
    shutil.rmtree(bundle, ignore_errors=True)
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(bundle)
    code = IMPORT_CHECK.format(bundle=str(bundle), name=name, repo_functions=str(REPO / "functions") + os.sep)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # -I: ignore PYTHON* variables and user site-packages, and put neither cwd nor a script dir on sys.path.
    return subprocess.run(
        [str(python or bundle_python(bundle_zip)), "-I", "-c", code], cwd=bundle, env=env, capture_output=True,
        text=True, timeout=120,
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
    _write(root / "functions" / "common" / "jobfeed" / "__init__.py", "import yaml\n\nWORD = 'hello'\n")
    _write(root / "functions" / "common" / "requirements.txt", "# the shared pins\npyyaml==6.0.4\n")
    _write(root / "functions" / "greeter" / "requirements.txt", "-r ../common/requirements.txt\n")
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


def test_the_bundle_requirements_hold_the_shared_pins_written_in(fake_repo: Path, tmp_path: Path) -> None:
    [bundle] = package_all(fake_repo, tmp_path / "out")

    with zipfile.ZipFile(bundle) as archive:
        requirements = archive.read("requirements.txt").decode().splitlines()
    assert requirements == ["# from ../common/requirements.txt:", "pyyaml==6.0.4"]


def test_a_pin_missing_from_the_requirements_fails_the_import(fake_repo: Path, tmp_path: Path) -> None:
    (fake_repo / "functions" / "common" / "requirements.txt").write_text("# pyyaml forgotten\n")
    [bundle] = package_all(fake_repo, tmp_path / "out")

    failed = import_entry_point(bundle, "greet", tmp_path)  # its venv has nothing installed
    assert failed.returncode != 0 and "No module named 'yaml'" in failed.stderr


def test_an_include_that_does_not_exist_is_an_error(fake_repo: Path, tmp_path: Path) -> None:
    (fake_repo / "functions" / "greeter" / "requirements.txt").write_text("-r ../common/missing.txt\n")

    with pytest.raises(BundleError, match="missing.txt"):
        package_all(fake_repo, tmp_path / "out")


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


def _pins(path: Path) -> dict[str, str]:
    return _pins_of_text(path.read_text(encoding="utf-8"))


def test_function_pins_equal_the_root_pins() -> None:
    root = _pins(REPO / "requirements.txt")
    for path in sorted((REPO / "functions").glob("*/requirements*.txt")):
        differing = {name: (version, root.get(name)) for name, version in _pins(path).items()
                     if root.get(name) != version}
        assert differing == {}, f"{path.relative_to(REPO)}: (here, root) {differing}"


def test_the_shared_pins_are_declared_once_and_included_by_every_function() -> None:
    shared = _pins(REPO / "functions" / "common" / "requirements.txt")
    assert shared
    for source in sorted({f["source"] for f in FUNCTIONS}):
        own = REPO / "functions" / source / "requirements.txt"
        assert "-r ../common/requirements.txt" in own.read_text().splitlines(), source
        assert set(_pins(own)) & set(shared) == set(), f"{source} repeats a shared pin"
        assert set(shared) <= set(_pins_of_text(expanded_requirements(own))), source


def _pins_of_text(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] for line in text.splitlines() if (m := PIN.match(line))}
