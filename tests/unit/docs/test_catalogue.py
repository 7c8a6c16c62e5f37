"""The event catalogue in docs/ is generated from the topology and schemas, and kept current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_docs_events_md_matches_the_schemas() -> None:
    result = subprocess.run([sys.executable, "tools/catalogue.py", "--check"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def test_the_catalogue_lists_every_topic_and_subscription() -> None:
    from jobfeed.topology import topology
    from tools.catalogue import render

    text = render()
    assert all(f"topic `{t['name']}`" in text for t in topology().topics)
    assert all(f"`{s.name}`" in text for s in topology().subscriptions())
