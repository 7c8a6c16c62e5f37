"""Notification entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from jobfeed.consumer import consume
from jobfeed.warmup import warm_up
from notification import bootstrap

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"notification": bootstrap.service})


@functions_framework.cloud_event
def notification(cloud_event: CloudEvent) -> None:
    """Emails candidates: at once for OpenJobsFound on the instant cadence, in digests on DigestDue."""
    consume(cloud_event, bootstrap.service(), "notification")
