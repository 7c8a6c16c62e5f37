"""SendGrid's Recipients' Data Erasure API (POST /v3/recipients/erasejob): the provider deletes what it holds
about the given addresses. The sink deletes every stored message sent to them, so an erasure test can see
that nothing naming the candidate is left at the mail provider either."""

import uuid

from flask import Blueprint, Response, current_app, jsonify, request

from emulator.sendgrid_sink.app import arrived, auth_problem, errors_response
from emulator.sendgrid_sink.state import SinkState
from emulator.sendgrid_sink.validation import is_valid_address

MAX_ADDRESSES = 5000  # SendGrid's documented limit per request

erasure = Blueprint("erasure", __name__)


@erasure.post("/v3/recipients/erasejob")
def erase_recipients() -> Response:
    at = arrived()
    response = _erase()
    body = request.get_json(silent=True)
    addresses = body.get("email_addresses") if isinstance(body, dict) else None
    named = tuple(a for a in addresses if isinstance(a, str)) if isinstance(addresses, list) else ()
    current_app.extensions["sendgrid_sink"].log_request(request.path, at, named, response.status_code)
    return response


def _erase() -> Response:
    refused = auth_problem(current_app.config["SENDGRID_API_KEY"])
    if refused is not None:
        return refused
    body = request.get_json(silent=True)
    addresses = body.get("email_addresses") if isinstance(body, dict) else None
    if not isinstance(addresses, list) or not 1 <= len(addresses) <= MAX_ADDRESSES:
        return errors_response(400, [{"message": f"email_addresses must list 1 to {MAX_ADDRESSES} addresses",
                                      "field": "email_addresses"}])
    invalid = [a for a in addresses if not is_valid_address(a)]
    if invalid:
        return errors_response(400, [{"message": f"Email_address {a} is not valid", "field": "email_addresses"}
                                     for a in invalid])
    state: SinkState = current_app.extensions["sendgrid_sink"]
    state.erase({str(a).lower() for a in addresses})
    response = jsonify({"job_id": str(uuid.uuid4())})
    response.status_code = 202
    return response
