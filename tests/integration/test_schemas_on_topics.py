"""Pub/Sub itself rejects a message that does not match the topic's Avro schema."""

from __future__ import annotations

import pytest
from google.api_core.exceptions import InvalidArgument
from google.cloud import pubsub_v1

from emulator.stack import Stack
from jobfeed.topology import topology


@pytest.mark.parametrize("topic", [t["name"] for t in topology().topics])
def test_the_topic_rejects_a_record_that_breaks_its_schema(stack: Stack, topic: str) -> None:
    publisher = pubsub_v1.PublisherClient()
    with pytest.raises(InvalidArgument):
        publisher.publish(publisher.topic_path(stack.config.project, topic),
                          b'{"event_id": "x", "unexpected": true}').result(timeout=10)
