"""A project of a test module's own on the stack's emulators: the services it runs in the test process read
GOOGLE_CLOUD_PROJECT through jobfeed.settings, and the stack's functions never see its events."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from emulator.bootstrap import create_topics
from jobfeed.settings import settings
from jobfeed.topology import topology


@contextmanager
def own_project(project: str) -> Iterator[str]:
    """Switches the process to `project` (its topics created, without subscriptions: nothing consumes them)."""
    saved = os.environ.get("GOOGLE_CLOUD_PROJECT")
    os.environ["GOOGLE_CLOUD_PROJECT"] = project
    settings.cache_clear()
    try:
        create_topics(project, topology())
        yield project
    finally:
        if saved is None:
            os.environ.pop("GOOGLE_CLOUD_PROJECT")
        else:
            os.environ["GOOGLE_CLOUD_PROJECT"] = saved
        settings.cache_clear()
