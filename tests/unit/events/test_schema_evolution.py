"""Schemas evolve only in backward-compatible ways: the current schema must read what every earlier committed
revision of it wrote (consumers upgrade first, messages already in flight still decode)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import fastavro
import pytest
from fastavro.utils import generate_many

from jobfeed.topology import schemas_dir, topology

ROOT = Path(__file__).resolve().parents[3]


def _revisions(path: Path) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return []
    relative = path.relative_to(ROOT).as_posix()
    log = subprocess.run(["git", "log", "--format=%H", "--", relative], cwd=ROOT, capture_output=True, text=True)
    texts = []
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{relative}"], cwd=ROOT, capture_output=True, text=True)
        if shown.returncode == 0:
            texts.append(shown.stdout)
    return texts


@pytest.mark.parametrize("schema_file", [t["schema"] for t in topology().topics])
def test_the_current_schema_reads_every_earlier_revision(schema_file: str) -> None:
    current = fastavro.parse_schema(json.loads((schemas_dir() / schema_file).read_text()))
    for old_text in _revisions(schemas_dir() / schema_file):
        old = fastavro.parse_schema(json.loads(old_text))
        for record in generate_many(old, 20):
            buffer = io.BytesIO()
            fastavro.schemaless_writer(buffer, old, record)
            buffer.seek(0)
            fastavro.schemaless_reader(buffer, old, current)  # raises SchemaResolutionError if incompatible


def test_an_incompatible_change_is_caught() -> None:
    old = fastavro.parse_schema({"type": "record", "name": "E", "fields": [{"name": "a", "type": "string"}]})
    new = fastavro.parse_schema({"type": "record", "name": "E", "fields": [
        {"name": "a", "type": "string"}, {"name": "b", "type": "int"}]})  # added without a default
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, old, {"a": "x"})
    buffer.seek(0)
    with pytest.raises(fastavro.read.SchemaResolutionError):
        fastavro.schemaless_reader(buffer, old, new)
