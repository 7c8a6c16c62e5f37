"""Dead letters: list, show and replay what each subscription's dead-letter topic holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from google.cloud import pubsub_v1

from jobfeed.publisher import OutgoingMessage, Publisher
from jobfeed.settings import settings
from jobfeed.topology import Subscription, topology

# Attributes the broker or our consumer add when dead-lettering; a replay sends the original message only.
DEAD_LETTER_ATTRIBUTES = ("CloudPubSubDeadLetter", "jobfeed_dead_letter", "jobfeed_source_subscription",
                          "jobfeed_consumer", "googclient_")


@dataclass(frozen=True)
class DeadLetter:
    subscription: Subscription
    message_id: str
    ack_id: str
    data: bytes
    attributes: dict[str, str]

    @property
    def reason(self) -> str:
        if "jobfeed_dead_letter_reason" in self.attributes:
            return self.attributes["jobfeed_dead_letter_reason"]
        attempts = self.attributes.get("CloudPubSubDeadLetterSourceDeliveryCount", "?")
        return f"failed {attempts} delivery attempts (see the consumer's logs)"

    def original_attributes(self) -> dict[str, str]:
        return {k: v for k, v in self.attributes.items() if not k.startswith(DEAD_LETTER_ATTRIBUTES)}


def subscriptions(name: str | None = None) -> list[Subscription]:
    subs = topology().subscriptions()
    chosen = [s for s in subs if name in (None, s.name)]
    if not chosen:
        raise KeyError(f"no subscription named {name}; see `ops dlq list`")
    return chosen


def peek(sub: Subscription, limit: int = 100) -> Iterator[DeadLetter]:
    """Pull without acknowledging: the messages come back after the ack deadline (or at once, below)."""
    client = pubsub_v1.SubscriberClient()
    path = client.subscription_path(settings().project_id, sub.dead_letter_subscription)
    # return_immediately: an empty dead-letter subscription answers at once instead of holding the pull open
    # (deprecated for consumers, who should stream; right for a one-shot look by ops).
    response = client.pull(request={"subscription": path, "max_messages": limit, "return_immediately": True},
                           timeout=10)
    received = list(response.received_messages)
    for item in received:
        yield DeadLetter(sub, item.message.message_id, item.ack_id, item.message.data, dict(item.message.attributes))


def release(letters: list[DeadLetter]) -> None:
    """Give peeked messages back to the dead-letter subscription right away."""
    client = pubsub_v1.SubscriberClient()
    for letter in letters:
        path = client.subscription_path(settings().project_id, letter.subscription.dead_letter_subscription)
        client.modify_ack_deadline(request={"subscription": path, "ack_ids": [letter.ack_id],
                                            "ack_deadline_seconds": 0})


def replay(letter: DeadLetter, publisher: Publisher) -> str:
    """Publish the original message to its topic again, then acknowledge the dead letter."""
    message = OutgoingMessage(letter.subscription.topic, letter.data, letter.original_attributes(), "")
    message_id = publisher.publish(message)
    client = pubsub_v1.SubscriberClient()
    path = client.subscription_path(settings().project_id, letter.subscription.dead_letter_subscription)
    client.acknowledge(request={"subscription": path, "ack_ids": [letter.ack_id]})
    return message_id
