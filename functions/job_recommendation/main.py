"""Job Recommendation entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from job_recommendation import bootstrap
from jobfeed.consumer import consume
from jobfeed.warmup import warm_up

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"job_recommendation": bootstrap.service})


@functions_framework.cloud_event
def job_recommendation(cloud_event: CloudEvent) -> None:
    """Matches new profiles against open jobs and new jobs against profiles; emits OpenJobsFound."""
    consume(cloud_event, bootstrap.service(), "job_recommendation")
