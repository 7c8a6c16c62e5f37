"""Event Log entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from event_log import bootstrap
from jobfeed.consumer import consume
from jobfeed.warmup import warm_up

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"event_log": bootstrap.service})


@functions_framework.cloud_event
def event_log(cloud_event: CloudEvent) -> None:
    """Appends every event of every topic to the append-only event log (the history traces and rebuilds read)."""
    consume(cloud_event, bootstrap.service(), "event_log")
