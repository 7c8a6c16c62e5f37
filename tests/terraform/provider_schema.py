"""Extract the Terraform provider schema carried by the prebuilt CDKTF provider packages.

`terraform init` cannot download providers here, but the CDKTF packages on PyPI (pinned in
requirements-tfschema.txt) are generated from the provider's own schema and ship it inside their
jsii assembly (~100 MB of JSON per provider). This script reads the downloaded wheels once and
writes a compact file the tests load in milliseconds:

    {"google": {"version": "6.50.0",
                "resource": {"google_pubsub_topic": {"name": 1, "labels": 0,
                                                     "schema_settings": [0, {"schema": 1, ...}], ...}},
                "data": {...}},
     "google-beta": {...}}

An argument maps to 1 (required) or 0 (optional); a nested block maps to [required, its own schema].

Usage (the Makefile runs it): python provider_schema.py WHEEL_DIR OUTPUT_JSON. Standard library only:
the wheels are read as archives, never imported (their runtime needs node and jsii).
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any

PROVIDERS = {"cdktf_cdktf_provider_google": "google", "cdktf_cdktf_provider_google_beta": "google-beta"}
# "Represents a {@link https://registry.terraform.io/providers/hashicorp/google/6.50.0/docs/resources/x google_x}."
TYPE_LINK = re.compile(r"/providers/hashicorp/[\w-]+/([\d.]+)/docs/(resources|data-sources)/\w+ (\w+)\}")
# Each property's docs end with a registry anchor that carries the Terraform name: "#display_name X#display_name}".
NAME_ANCHOR = re.compile(r"#(\w+) \w+#\w+\}")
# Properties every CDKTF Config inherits from cdktf.TerraformMetaArguments; they are not provider arguments.
META = {"count", "dependsOn", "forEach", "lifecycle", "provider", "connection", "provisioners"}
BASES = {"cdktf.TerraformResource": "resource", "cdktf.TerraformDataSource": "data"}


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def struct_fqn(jsii_type: dict[str, Any], assembly: str) -> str | None:
    """The provider struct a property holds (directly, in a list, or in a union with IResolvable)."""
    if "fqn" in jsii_type:
        return jsii_type["fqn"] if jsii_type["fqn"].startswith(assembly + ".") else None
    if "collection" in jsii_type:
        return struct_fqn(jsii_type["collection"]["elementtype"], assembly)
    for member in jsii_type.get("union", {}).get("types", []):
        if found := struct_fqn(member, assembly):
            return found
    return None


def block_schema(types: dict[str, Any], fqn: str, assembly: str) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    for prop in types[fqn].get("properties", []):
        if prop["name"] in META and fqn.endswith("Config"):
            continue
        anchor = NAME_ANCHOR.search(prop.get("docs", {}).get("remarks", ""))
        name = anchor.group(1) if anchor else snake_case(prop["name"])
        required = 0 if prop.get("optional") else 1
        nested = struct_fqn(prop["type"], assembly)
        if nested and types[nested].get("datatype"):
            schema[name] = [required, block_schema(types, nested, assembly)]
        else:
            schema[name] = required
    return schema


def provider_schema(assembly_json: dict[str, Any]) -> dict[str, Any]:
    types, assembly = assembly_json["types"], assembly_json["name"]
    out: dict[str, Any] = {"package": assembly_json["version"], "resource": {}, "data": {}}
    for fqn, jsii_type in types.items():
        kind = BASES.get(jsii_type.get("base", ""))
        link = TYPE_LINK.search(jsii_type.get("docs", {}).get("summary", ""))
        if jsii_type.get("kind") != "class" or kind is None or link is None:
            continue
        out["version"] = link.group(1)
        out[kind][link.group(3)] = block_schema(types, fqn + "Config", assembly)
    return out


def read_assembly(wheel: Path) -> dict[str, Any]:
    """The .jsii file inside the tarball inside the wheel, streamed without unpacking either."""
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".jsii.tgz"))
        with archive.open(member) as tgz, tarfile.open(fileobj=tgz, mode="r|gz") as tar:
            for entry in tar:
                if entry.name == "package/.jsii":
                    handle = tar.extractfile(entry)
                    assert handle is not None
                    return json.load(handle)
    raise FileNotFoundError(f"no jsii assembly in {wheel}")


def main(wheel_dir: Path, output: Path) -> None:
    schemas: dict[str, Any] = {}
    for wheel in sorted(wheel_dir.glob("*.whl")):
        provider = PROVIDERS.get(wheel.name.split("-")[0])
        if provider:
            schemas[provider] = provider_schema(read_assembly(wheel))
    missing = set(PROVIDERS.values()) - set(schemas)
    if missing:
        raise SystemExit(f"no CDKTF wheel for {sorted(missing)} in {wheel_dir}")
    output.write_text(json.dumps(schemas, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    print(f"{output}: " + ", ".join(f"{p} {s['version']} ({len(s['resource'])} resources)" for p, s in schemas.items()))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
