"""The raw push hop's handler: a functions-framework CloudEvent function that does nothing but note when each
message arrived, so the bench can compare a service's hop with the broker's own. One line per message,
`<message id> <unix seconds>`, appended to the file JOBFEED_BENCH_HOP_LOG names."""

from __future__ import annotations

import os
import time

import functions_framework
from cloudevents.http import CloudEvent


@functions_framework.cloud_event
def raw_hop(cloud_event: CloudEvent) -> None:
    arrived = time.time()
    message_id = cloud_event.data["message"].get("messageId") or cloud_event.data["message"].get("message_id")
    with open(os.environ["JOBFEED_BENCH_HOP_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{message_id} {arrived:.6f}\n")
