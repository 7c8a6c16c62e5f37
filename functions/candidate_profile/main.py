"""Candidate Profile entry point."""

import functions_framework
from cloudevents.http import CloudEvent

from candidate_profile import bootstrap
from jobfeed.consumer import consume
from jobfeed.warmup import warm_up

# Builds this process's service in the background at start-up (jobfeed.warmup).
warm_up({"candidate_profile": bootstrap.service})


@functions_framework.cloud_event
def candidate_profile(cloud_event: CloudEvent) -> None:
    """Builds a versioned profile from CandidateRegistered / CandidateUpdated; emits ProfileCreated or
    ProfileCreationFailed."""
    consume(cloud_event, bootstrap.service(), "candidate_profile")
