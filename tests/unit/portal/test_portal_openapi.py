import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

import job_portal
from job_portal.forms import Preferences, Registration

SPEC_PATH = Path(job_portal.__file__).parent / "openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def follow(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), ref
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if "$ref" in node else []) + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
            if method in METHODS]


def test_it_is_openapi_3_1_with_every_endpoint_of_the_portal(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    assert {(path, method) for path, method, _ in operations(spec)} == {
        ("/", "get"), ("/candidates", "post"), ("/candidates/{candidate_id}", "get"), ("/openapi.yaml", "get"),
        ("/healthz", "get"), ("/candidates/{candidate_id}/confirm", "get"),
        *{(f"/candidates/{{candidate_id}}/{action}", "post")
          for action in ("preferences", "unsubscribe", "subscribe", "token", "resume", "delete", "profile", "confirm",
                         "confirmation")},
    }


def test_every_reference_resolves(spec: dict[str, Any]) -> None:
    for ref in refs(spec):
        assert isinstance(follow(spec, ref), dict), ref


def test_every_response_has_a_schema_and_errors_are_json(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        assert op["responses"], (path, method)
        for status, response in op["responses"].items():
            response = follow(spec, response["$ref"]) if "$ref" in response else response
            if status.startswith("3"):
                assert "Location" in response["headers"], (path, method, status)
                continue
            assert response["content"], (path, method, status)
            for media, body in response["content"].items():
                assert "schema" in body, (path, method, status, media)
            if int(status) >= 400:
                schema = response["content"]["application/json"]["schema"]
                assert schema["$ref"] in {"#/components/schemas/Message", "#/components/schemas/Errors",
                                          "#/components/schemas/LinkState"}  # LinkState has a message too


def test_the_registration_schema_lists_exactly_the_form_fields(spec: dict[str, Any]) -> None:
    fields = {field.name for field in dataclasses.fields(Registration)}
    schema = spec["components"]["schemas"]["RegistrationFields"]
    assert set(schema["properties"]) == fields
    assert set(schema["required"]) == {"name", "email", "locations", "titles", "remote", "cadence", "consent"}
    preferences = spec["components"]["schemas"]["Preferences"]["properties"]
    assert set(preferences) == {field.name for field in dataclasses.fields(Preferences)}


def test_it_passes_the_openapi_validator(spec: dict[str, Any]) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)
