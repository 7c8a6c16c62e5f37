"""The local console, served in-process against the test stack (its alerts panel reads the stack's logs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.console import create_app
from emulator.stack import Stack
from tests.support.wsgi import serving


@pytest.fixture(scope="module")
def console(stack: Stack) -> Iterator[str]:
    with serving(create_app(inbox_url=f"{stack.config.url('sendgrid')}/", log_dir=stack.group.log_dir)) as url:
        yield url
