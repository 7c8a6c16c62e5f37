"""The local console, served in-process against the test stack (its alerts panel reads the stack's logs)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from emulator.console import create_app
from emulator.stack import Stack


@pytest.fixture(scope="module")
def console(stack: Stack) -> Iterator[str]:
    app = create_app(inbox_url=f"{stack.config.url('sendgrid')}/", log_dir=stack.group.log_dir)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
