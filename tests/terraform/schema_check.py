"""Check Terraform blocks against the provider schema extracted by provider_schema.py.

What `terraform validate` would catch if a provider could be installed here: an unknown resource or
data type, an argument or nested block name the provider does not have at that level, an argument
written as a block (or the reverse), and a required argument or block left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hcl2

from tests.terraform.terraform_support import REPO, unquote

SCHEMA_FILE = REPO / ".venv-tfschema" / "provider-schema.json"
# Terraform's own arguments and blocks, valid in every resource or data block whatever the provider.
META_ARGUMENTS = {"count", "for_each", "depends_on", "provider"}
META_BLOCKS = {"lifecycle", "connection", "provisioner"}
BLOCK = "__is_block__"


@dataclass(frozen=True)
class Block:
    """One `resource`/`data` block as written: its body keeps python-hcl2's block markers."""

    kind: str  # "resource" or "data"
    type: str
    name: str
    body: dict[str, Any]
    where: str

    @property
    def provider(self) -> str:
        chosen = str(self.body.get("provider", ""))
        return "google-beta" if "google-beta" in chosen else "google"

    @property
    def address(self) -> str:
        prefix = "data." if self.kind == "data" else ""
        return f"{prefix}{self.type}.{self.name} ({self.where})"


def load_schemas(path: Path = SCHEMA_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def parse_blocks(text: str, where: str) -> list[Block]:
    parsed = hcl2.loads(text)
    return [
        Block(kind, unquote(rtype), unquote(name), body, where)
        for kind in ("resource", "data")
        for group in parsed.get(kind, [])
        for rtype, named in group.items()
        for name, body in named.items()
    ]


def blocks_in(directory: Path) -> list[Block]:
    found: list[Block] = []
    for tf_file in sorted(directory.rglob("*.tf")):
        found += parse_blocks(tf_file.read_text(encoding="utf-8"), str(tf_file.relative_to(directory)))
    return found


def check_block(block: Block, schemas: dict[str, Any]) -> list[str]:
    provider = schemas[block.provider]
    schema = provider[block.kind].get(block.type)
    if schema is None:
        return [f"{block.address}: {block.type} is not a {block.kind} type of {block.provider} {provider['version']}"]
    body = {k: v for k, v in block.body.items() if k not in META_ARGUMENTS | META_BLOCKS}
    return check_body(body, schema, block.address)


def check_body(body: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    problems: list[str] = []
    present = set(body)
    for name, value in body.items():
        if name.startswith("__"):
            continue
        if name == "dynamic":
            for dynamic_name, content in dynamic_blocks(value):
                present.add(dynamic_name)
                problems += check_nested(dynamic_name, content, schema, path)
        elif is_block(value):
            problems += check_nested(name, value, schema, path)
        elif name not in schema:
            problems.append(f"{path}: unknown argument {name!r}")
        elif isinstance(schema[name], list):
            problems.append(f"{path}: {name!r} is a block, written as an argument")
    for name, spec in schema.items():
        required = spec[0] if isinstance(spec, list) else spec
        if required and name not in present:
            problems.append(f"{path}: required {'block' if isinstance(spec, list) else 'argument'} {name!r} missing")
    return problems


def check_nested(name: str, bodies: list[dict[str, Any]], schema: dict[str, Any], path: str) -> list[str]:
    if name not in schema:
        return [f"{path}: unknown block {name!r}"]
    if not isinstance(schema[name], list):
        return [f"{path}: {name!r} is an argument, written as a block"]
    return [problem for body in bodies for problem in check_body(body, schema[name][1], f"{path} > {name}")]


def is_block(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and v.get(BLOCK) for v in value)


def dynamic_blocks(value: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """`dynamic "name" { for_each = ...  content { ... } }`: the name and the content bodies."""
    return [(unquote(name), spec.get("content", [])) for group in value for name, spec in group.items()]
