"""jobfeed.opcount: counts what the wrapped client methods are asked and return, and writes running totals."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from jobfeed import opcount


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(opcount, "_installed", True)
    monkeypatch.setattr(opcount, "_counts", opcount.Counter())
    monkeypatch.setenv(opcount.ENV, str(tmp_path))
    monkeypatch.setenv("JOBFEED_FUNCTION", "probe")
    return tmp_path


class Api:
    """Stands in for a generated client class: the wrapper must pass calls through unchanged."""

    def commit(self, request: object = None, **kwargs: object) -> str:
        return "committed"

    def run_query(self, request: object = None, **kwargs: object) -> list[SimpleNamespace]:
        return [SimpleNamespace(document=SimpleNamespace(name=name)) for name in request["names"]]  # type: ignore[index]


def test_writes_count_each_write_in_a_commit(counting: Path) -> None:
    opcount._wrap(Api, "commit", before=lambda r: opcount.count("firestore_writes", len(opcount._field(r, "writes"))))

    assert Api().commit(request={"writes": [1, 2, 3]}) == "committed"
    assert Api().commit(writes=[1]) == "committed"

    assert opcount.snapshot()["firestore_writes"] == 4


def test_a_query_reads_each_document_it_returns_and_at_least_one(counting: Path) -> None:
    opcount._wrap(Api, "run_query", results=opcount._query_reads)

    assert len(list(Api().run_query({"names": ["a", "b"]}))) == 2
    assert list(Api().run_query({"names": []})) == []

    assert opcount.snapshot()["firestore_reads"] == 3


def test_running_totals_are_written_per_function_and_process(counting: Path) -> None:
    opcount._started(None)
    opcount.count("pubsub_published", 2)
    opcount._finished(None)

    [written] = counting.glob("probe.*.json")
    assert json.loads(written.read_text()) == {**dict.fromkeys(opcount.NAMES, 0), "invocations": 1,
                                              "pubsub_published": 2}


def test_nothing_is_counted_or_wrapped_unless_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(opcount.ENV, raising=False)
    monkeypatch.setattr(opcount, "_counts", opcount.Counter())
    opcount.install()
    opcount.count("invocations")

    assert not opcount._installed and opcount.snapshot()["invocations"] == 0
