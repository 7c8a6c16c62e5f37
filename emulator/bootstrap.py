"""Creates on the Pub/Sub emulator what Terraform creates in production, from the same topology file:
Avro schemas, topics with schema settings, push subscriptions with retry and dead-letter policies, and a pull
subscription on every dead-letter topic. Safe to run twice."""

from __future__ import annotations

import json

from google.api_core.exceptions import AlreadyExists
from google.cloud import pubsub_v1
from google.protobuf import duration_pb2
from google.pubsub_v1.types import Encoding, Schema

from jobfeed.topology import Subscription, Topology, schemas_dir


def _ignore_existing(call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        call(*args, **kwargs)
    except AlreadyExists:
        pass


def create_topics(project: str, topology: Topology) -> None:
    schema_client = pubsub_v1.SchemaServiceClient()
    publisher = pubsub_v1.PublisherClient()
    for topic in topology.topics:
        definition = json.dumps(json.loads((schemas_dir() / topic["schema"]).read_text()))
        schema_name = schema_client.schema_path(project, topic["name"])
        _ignore_existing(schema_client.create_schema, request={
            "parent": f"projects/{project}", "schema_id": topic["name"],
            "schema": Schema(type_=Schema.Type.AVRO, definition=definition)})
        _ignore_existing(publisher.create_topic, request={
            "name": publisher.topic_path(project, topic["name"]),
            "schema_settings": {"schema": schema_name, "encoding": Encoding.JSON}})


def create_subscriptions(project: str, topology: Topology, function_urls: dict[str, str]) -> None:
    publisher = pubsub_v1.PublisherClient()
    subscriber = pubsub_v1.SubscriberClient()
    for sub in topology.subscriptions():
        dead_letter = publisher.topic_path(project, sub.dead_letter_topic)
        _ignore_existing(publisher.create_topic, request={"name": dead_letter})
        _ignore_existing(subscriber.create_subscription, request={
            "name": subscriber.subscription_path(project, sub.dead_letter_subscription), "topic": dead_letter})
        request = push_request(project, sub, function_urls[sub.consumer], publisher, subscriber,
                               retry_policy=topology.local_retry_policy)
        _ignore_existing(subscriber.create_subscription, request=request)


def push_request(project: str, sub: Subscription, function_url: str, publisher: pubsub_v1.PublisherClient,
                 subscriber: pubsub_v1.SubscriberClient, retry_policy: bool = True) -> dict[str, object]:
    # The endpoint ends in the topic's path: functions-framework takes the CloudEvent source from it.
    endpoint = f"{function_url.rstrip('/')}/projects/{project}/topics/{sub.topic}"
    request: dict[str, object] = {
        "name": subscriber.subscription_path(project, sub.name),
        "topic": publisher.topic_path(project, sub.topic),
        "push_config": {"push_endpoint": endpoint},
        "ack_deadline_seconds": sub.ack_deadline_s,
        "enable_message_ordering": sub.ordered,
        "dead_letter_policy": {"dead_letter_topic": publisher.topic_path(project, sub.dead_letter_topic),
                               "max_delivery_attempts": sub.max_delivery_attempts},
    }
    if retry_policy:
        request["retry_policy"] = {"minimum_backoff": duration_pb2.Duration(seconds=sub.min_backoff_s),
                                   "maximum_backoff": duration_pb2.Duration(seconds=sub.max_backoff_s)}
    return request
