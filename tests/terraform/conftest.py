"""Fixtures for the Terraform tests: the parsed HCL, the topology, and `terraform console`."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.terraform.terraform_support import REPO, TF_DIR, Console, TerraformConfig


@pytest.fixture(scope="session")
def tf() -> TerraformConfig:
    return TerraformConfig.load(TF_DIR)


@pytest.fixture(scope="session")
def tf_modules() -> dict[str, TerraformConfig]:
    return {p.name: TerraformConfig.load(p) for p in sorted((TF_DIR / "modules").iterdir()) if p.is_dir()}


@pytest.fixture(scope="session")
def topology() -> dict[str, Any]:
    return yaml.safe_load((REPO / "schemas" / "topology.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def console(tmp_path_factory: pytest.TempPathFactory) -> Console:
    return Console(tmp_path_factory.mktemp("tf-console"))
