"""Job Recommendation entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from job_recommendation import bootstrap
from jobfeed.consumer import consume


@functions_framework.cloud_event
def job_recommendation(cloud_event: CloudEvent) -> None:
    """Matches new profiles against open jobs and new jobs against profiles; emits OpenJobsFound."""
    consume(cloud_event, bootstrap.service(), "job_recommendation")
