"""Candidate Profile entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from candidate_profile import bootstrap
from jobfeed.consumer import consume


@functions_framework.cloud_event
def candidate_profile(cloud_event: CloudEvent) -> None:
    """Builds a versioned profile from CandidateRegistered / CandidateUpdated; emits ProfileCreated or
    ProfileCreationFailed."""
    consume(cloud_event, bootstrap.service(), "candidate_profile")
