"""Helpers for the Terraform tests: the parsed HCL and `terraform console`.

No provider can be downloaded here, so nothing runs `terraform init`. Instead the HCL is parsed
with python-hcl2, and the files that hold only pure expressions (variables and the locals derived
from the topology) are evaluated by `terraform console`, which needs no provider.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hcl2
import pytest

REPO = Path(__file__).resolve().parents[2]
TF_DIR = REPO / "terraform"
# The files `terraform console` can evaluate without providers: no resource, module or data block.
PURE_FILES = ("variables.tf", "topology.tf", "scheduler_payloads.tf")
RESOURCE_BLOCKS = ("resource", "data", "module")


def unquote(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals and keys; drop them."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def normalize(node: Any) -> Any:
    """Unquote keys and string literals, drop parser metadata (__comments__, __is_block__)."""
    if isinstance(node, dict):
        return {unquote(k): normalize(v) for k, v in node.items() if not k.startswith("__")}
    if isinstance(node, list):
        return [normalize(v) for v in node]
    return unquote(node)


def expr(value: Any) -> str:
    """An HCL expression as python-hcl2 prints it, without the ${ } wrapper."""
    text = str(value)
    return text[2:-1] if text.startswith("${") and text.endswith("}") else text


@dataclass
class TerraformConfig:
    """The blocks of one Terraform module directory, keyed the way Terraform addresses them."""

    path: Path
    resources: dict[str, dict[str, Any]] = field(default_factory=dict)  # "type.name" -> body
    locals: dict[str, Any] = field(default_factory=dict)
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    modules: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> TerraformConfig:
        config = cls(path)
        for tf_file in sorted(path.glob("*.tf")):
            config.add(normalize(hcl2.loads(tf_file.read_text(encoding="utf-8"))))
        return config

    @classmethod
    def from_text(cls, text: str) -> TerraformConfig:
        config = cls(Path("<text>"))
        config.add(normalize(hcl2.loads(text)))
        return config

    def add(self, parsed: dict[str, Any]) -> None:
        for block in parsed.get("resource", []):
            for rtype, named in block.items():
                for name, body in named.items():
                    self.resources[f"{rtype}.{name}"] = body
        for block in parsed.get("locals", []):
            self.locals.update(block)
        for block in parsed.get("variable", []):
            self.variables.update(block)
        for block in parsed.get("module", []):
            self.modules.update(block)

    def resource(self, address: str) -> dict[str, Any]:
        assert address in self.resources, f"{address} is not declared in {self.path}"
        return self.resources[address]

    def of_type(self, rtype: str) -> dict[str, dict[str, Any]]:
        return {a: b for a, b in self.resources.items() if a.startswith(rtype + ".")}


def terraform_binary() -> str:
    binary = shutil.which("terraform")
    if binary is None:
        pytest.skip("terraform CLI not on PATH (install Terraform >= 1.5 to run this test)")
    return binary


def terraform_env(home: Path) -> dict[str, str]:
    config = home / "terraformrc"
    config.write_text("", encoding="utf-8")
    return {**os.environ, "TF_CLI_CONFIG_FILE": str(config), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}


class Console:
    """Evaluates expressions against the pure files of terraform/, with the real topology."""

    def __init__(self, workdir: Path) -> None:
        self.binary = terraform_binary()
        self.workdir = workdir
        for name in PURE_FILES:
            shutil.copy(TF_DIR / name, workdir / name)
        self.env = terraform_env(workdir)
        self.cache: dict[str, Any] = {}

    def eval(self, expression: str) -> Any:
        if expression not in self.cache:
            self.cache[expression] = self._run(expression)
        return self.cache[expression]

    def _run(self, expression: str) -> Any:
        args = [
            self.binary, "console",
            "-var", "project_id=jobfeed-test-123", "-var", "mail_from=jobs@example.com",
            "-var", f"topology_path={REPO / 'schemas' / 'topology.yaml'}",
            "-var", f"schemas_dir={REPO / 'schemas'}",
        ]  # fmt: skip
        done = subprocess.run(
            args, input=f"jsonencode({expression})\n", capture_output=True, text=True,
            cwd=self.workdir, env=self.env, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"terraform console failed on {expression}:\n{done.stderr}"
        return json.loads(json.loads(done.stdout.strip()))
