"""Collection names come from one place: each service's `<service>/collections.py` (and jobfeed.collections for
the outbox and processed markers every service has). Elsewhere, in the functions, ops, the emulator, the
benchmarks and the tests, a name is imported, never spelt again."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from jobfeed.collections import outbox_collection, processed_collection
from jobfeed.topology import topology

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("functions", "ops", "emulator", "bench", "tools", "tests")
SERVICES = sorted({str(f["source"]) for f in topology().functions})
PATTERN_SUFFIXES = (outbox_collection(""), processed_collection(""))  # "_outbox", "_processed"


def declared(service: str) -> dict[str, str]:
    """constant name -> collection name, from the service's collections module."""
    module = importlib.import_module(f"{service}.collections")
    return {name: value for name, value in vars(module).items() if name.isupper() and isinstance(value, str)}


def all_declared() -> set[str]:
    return {value for service in SERVICES for value in declared(service).values()}


def strays(source: str, names: set[str]) -> list[str]:
    """Where the source spells a collection name: a declared name with a service prefix anywhere, any literal
    handed to `.collection(...)` that is declared or carries a service prefix, and an f-string that builds an
    outbox or processed-marker name by hand."""
    prefixes = tuple(f"{service}_" for service in SERVICES)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names \
                and node.value.startswith(prefixes):
            found.append(f"{node.lineno}: {node.value!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "collection" \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                and (node.args[0].value in names or node.args[0].value.startswith(prefixes)):
            found.append(f"{node.lineno}: .collection({node.args[0].value!r})")
        elif isinstance(node, ast.JoinedStr) and any(
                isinstance(part, ast.Constant) and str(part.value).endswith(PATTERN_SUFFIXES) for part in node.values):
            found.append(f"{node.lineno}: an f-string naming an outbox or processed collection")
    return found


def test_every_service_declares_its_collections_under_its_own_prefix() -> None:
    for service in SERVICES:
        names = declared(service)
        assert names, f"{service}/collections.py declares nothing"
        others = [value for value in names.values() for other in SERVICES
                  if other != service and value.startswith(f"{other}_") and not value.startswith(f"{service}_")]
        assert others == [], f"{service} declares another service's collection: {others}"
    values = [value for service in SERVICES for value in declared(service).values()]
    top_level = [v for v in values if "_" in v]
    assert len(top_level) == len(set(top_level)), "a collection name is declared twice"


def test_the_topology_expiring_collections_are_declared_by_their_owners() -> None:
    assert set(topology().raw["expiring_collections"]) <= all_declared()


def test_no_module_spells_a_collection_name_it_could_import() -> None:
    names = all_declared()
    offenders = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "collections.py" and relative.parts[0] == "functions" or ".venv" in relative.parts:
                continue
            offenders += [f"{relative}:{where}" for where in strays(path.read_text(encoding="utf-8"), names)]
    assert offenders == [], offenders


def test_the_finder_sees_each_kind_of_stray() -> None:
    source = '\n'.join([
        'X = "event_log_entries"',
        'db.collection("job_portal_secret_new_thing")',
        'ref.collection("feed")',
        'db.collection(f"{service}_outbox")',
        'ok = db.collection(ENTRIES); label = "feed"; other = "event_log_entries_per_s_key"',
    ])
    assert [line.split(":")[0] for line in strays(source, all_declared())] == ["1", "2", "3", "4"]
