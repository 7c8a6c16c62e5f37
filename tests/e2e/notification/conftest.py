from __future__ import annotations

import pytest
from google.cloud import firestore

from emulator.stack import Stack


@pytest.fixture(scope="module")
def db(stack: Stack) -> firestore.Client:
    """Read-only view of the stack's Firestore (Notification's collections)."""
    return firestore.Client(project=stack.config.project)
