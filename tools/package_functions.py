"""Build one deterministic source bundle per topology function, for Terraform to upload.

A bundle is functions/<source>/ (main.py, requirements.txt, the service package) with
functions/common/jobfeed/ copied in as jobfeed/ and schemas/ as schemas/, written to
build/functions/<function name>.zip. A function's requirements.txt includes the shared library's pins
(`-r ../common/requirements.txt`); the bundle's requirements.txt has them written in, since the bundle holds
no ../common for Cloud Build's pip to read. Same inputs give the same bytes: entries are sorted and
carry a fixed timestamp and fixed permissions, so an unchanged bundle keeps its hash and
Terraform does not redeploy the function.

Usage: python tools/package_functions.py [--root DIR] [--out DIR] [FUNCTION ...]
"""

from __future__ import annotations

import argparse
import os
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FILE_MODE = 0o100644  # regular file, rw-r--r--
EXCLUDED_DIRS = frozenset({"__pycache__", "tests", ".pytest_cache", ".mypy_cache", ".ruff_cache"})
EXCLUDED_SUFFIXES = (".pyc", ".pyo")


class BundleError(Exception):
    """A function named in the topology cannot be bundled (its source is missing)."""


def load_functions(root: Path) -> list[dict[str, str]]:
    """The topology's functions, each with at least `name` and `source`."""
    topology = yaml.safe_load((root / "schemas" / "topology.yaml").read_text(encoding="utf-8"))
    return [{"name": f["name"], "source": f["source"]} for f in topology["functions"]]


Entry = tuple[str, Path | bytes]  # (name in the zip, the file on disk or the generated content)


def expanded_requirements(path: Path, seen: frozenset[Path] = frozenset()) -> str:
    """The requirements file with every `-r FILE` (relative to the including file, as pip reads it) replaced by
    that file's lines, recursively; what pip installs from either is the same."""
    path = path.resolve()
    if path in seen:
        raise BundleError(f"requirements include themselves: {path}")
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words[:1] in (["-r"], ["--requirement"]) and len(words) == 2:
            included = path.parent / words[1]
            if not included.is_file():
                raise BundleError(f"{path.name} includes {words[1]}, which does not exist")
            pins = expanded_requirements(included, seen | {path}).splitlines()
            lines.append(f"# from {words[1]}:")
            lines += [pin for pin in pins if pin.strip() and not pin.lstrip().startswith("#")]
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _included(relative: Path) -> bool:
    parts = relative.parts
    if any(p in EXCLUDED_DIRS or p.startswith(".") for p in parts[:-1]):
        return False
    name = parts[-1]
    return not (name.startswith(".") or name.endswith(EXCLUDED_SUFFIXES))


def _walk(directory: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if path.is_file() and _included(relative):
            yield prefix + relative.as_posix(), path


def bundle_entries(root: Path, source: str) -> list[Entry]:
    """(name in the zip, file on disk) for one source folder, sorted by name."""
    source_dir = root / "functions" / source
    for required in (source_dir / "main.py", source_dir / "requirements.txt"):
        if not required.is_file():
            raise BundleError(f"missing {required.relative_to(root)}")
    common_dir = root / "functions" / "common" / "jobfeed"
    if not common_dir.is_dir():
        raise BundleError(f"missing {common_dir.relative_to(root)}")
    entries: dict[str, Path | bytes] = dict(_walk(source_dir, ""))
    entries["requirements.txt"] = expanded_requirements(source_dir / "requirements.txt").encode()
    # jobfeed/ and schemas/ come last so that a stray copy in the source folder cannot shadow them.
    entries.update(_walk(common_dir, "jobfeed/"))
    entries.update(_walk(root / "schemas", "schemas/"))
    return sorted(entries.items())


def write_zip(entries: Iterable[Entry], target: Path) -> None:
    """Write entries to target with fixed metadata; replaces target atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, path in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr means the mode below on every OS
            info.external_attr = FILE_MODE << 16
            content = path if isinstance(path, bytes) else path.read_bytes()
            archive.writestr(info, content, compresslevel=9)
    os.replace(partial, target)


def build_bundle(root: Path, function: dict[str, str], out_dir: Path) -> Path:
    """Build out_dir/<function name>.zip for one topology function and return its path."""
    target = out_dir / f"{function['name']}.zip"
    write_zip(bundle_entries(root, function["source"]), target)
    return target


def package_all(root: Path, out_dir: Path, only: Iterable[str] = ()) -> list[Path]:
    """Build the bundles of the topology functions (all, or those named in `only`)."""
    wanted = set(only)
    functions = load_functions(root)
    unknown = wanted - {f["name"] for f in functions}
    if unknown:
        raise BundleError(f"not in the topology: {', '.join(sorted(unknown))}")
    return [build_bundle(root, f, out_dir) for f in functions if not wanted or f["name"] in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("functions", nargs="*", help="function names (default: all in the topology)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="repository root")
    parser.add_argument("--out", type=Path, default=None, help="output dir (default: ROOT/build/functions)")
    args = parser.parse_args(argv)
    out_dir = args.out or args.root / "build" / "functions"
    try:
        built = package_all(args.root, out_dir, args.functions)
    except BundleError as error:
        print(f"package_functions: {error}", file=sys.stderr)
        return 1
    for path in built:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
