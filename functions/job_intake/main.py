"""Job Intake entry point: the door through which openings from the job market enter."""

import functions_framework
from flask import Request, Response

from job_intake import bootstrap, http


@functions_framework.http
def job_intake(request: Request) -> Response:
    """POST /jobs with one posting, a JSON array, JSON Lines or CSV; authenticated with an API key."""
    return http.handle(request, bootstrap.intake())
