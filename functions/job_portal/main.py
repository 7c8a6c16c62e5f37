"""Job Portal entry points: the candidate-facing HTTP function and the function that consumes events."""

import functions_framework
from cloudevents.http import CloudEvent
from flask import Request, Response

from job_portal import bootstrap, http
from jobfeed.consumer import consume
from jobfeed.warmup import warm_up

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"job_portal": bootstrap.portal, "job_portal_events": bootstrap.events_service})


@functions_framework.http
def job_portal(request: Request) -> Response:
    """Registration form, private feed page and their JSON twins."""
    return http.handle(request, bootstrap.portal())


@functions_framework.cloud_event
def job_portal_events(cloud_event: CloudEvent) -> None:
    """Keeps the candidate's status and feed from ProfileCreated, ProfileCreationFailed and OpenJobsFound."""
    consume(cloud_event, bootstrap.events_service(), "job_portal_events")
