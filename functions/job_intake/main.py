"""Job Intake entry points: the door through which openings from the job market enter, and the function that
answers the scheduled outbox sweep for it."""

import functions_framework
from cloudevents.http import CloudEvent
from flask import Request, Response

from job_intake import bootstrap, http
from jobfeed.consumer import consume
from jobfeed.warmup import warm_up

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"job_intake": bootstrap.intake, "job_intake_events": bootstrap.events_service})


@functions_framework.http
def job_intake(request: Request) -> Response:
    """POST /jobs with postings in our shape (JSON, JSON Lines, CSV), a Greenhouse or Lever board response,
    schema.org JSON-LD or a careers page; authenticated with an API key."""
    return http.handle(request, bootstrap.intake())


@functions_framework.cloud_event
def job_intake_events(cloud_event: CloudEvent) -> None:
    """OutboxSweepDue: publishes the JobPosted events a broker outage left in Intake's outbox."""
    consume(cloud_event, bootstrap.events_service(), "job_intake_events")
