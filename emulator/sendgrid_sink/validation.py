"""Checks a v3 /mail/send body the way SendGrid does, returning its error objects (empty when valid)."""

from typing import Any

from email_validator import EmailNotValidError, validate_email

HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html"
RESERVED_HEADERS = (
    "x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type",
    "content-transfer-encoding", "to", "from", "subject", "reply-to", "cc", "bcc",
)
MSG_PERSONALIZATIONS = (
    "The personalizations field is required and must have at least one personalization."
)
MSG_TO = (
    "The to array is required for all personalization objects, and must have at least one "
    "email object with a valid email address."
)
MSG_TO_EMAIL = "The to email parameter is required."
MSG_BAD_ADDRESS = "Does not contain a valid address."
MSG_FROM = (
    "The from object must be provided for every email send. It is an object that requires the "
    'email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}'
    '  or {"email" : "example@example.com", "name" : "Example Recipient"}.'
)
MSG_FROM_ADDRESS = "The from email does not contain a valid address."
MSG_SUBJECT = (
    "The subject is required. You can get around this requirement if you use a template with a "
    "subject defined or if every personalization has a subject defined."
)
MSG_CONTENT = (
    "Unless a valid template_id is provided, the content parameter is required. There must be at "
    "least one defined content block. We typically suggest both text/plain and text/html blocks "
    "are included, but only one block is required."
)
MSG_CONTENT_TYPE = (
    "The content type cannot contain ';', or CRLF characters. The content type must be a string "
    "at least one character in length."
)
MSG_CONTENT_VALUE = "The content value must be a string at least one character in length."
MSG_CONTENT_ORDER = (
    "If present, text/plain content must be first, followed by text/html, followed by any other content."
)
MSG_RESERVED = "The following header names are reserved and cannot be used: " + ", ".join(RESERVED_HEADERS)


def error(message: str, field: str | None, help_anchor: str | None = None) -> dict[str, Any]:
    """One entry of SendGrid's `errors` array."""
    return {"message": message, "field": field, "help": f"{HELP}#{help_anchor}" if help_anchor else None}


def is_valid_address(address: Any) -> bool:
    if not isinstance(address, str) or not address:
        return False
    try:
        validate_email(address, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def validate_mail(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict):
        return [error("Bad Request", None)]
    return [
        *_personalizations(body.get("personalizations")),
        *_sender(body.get("from")),
        *_subject(body),
        *_content(body.get("content")),
        *_headers(body.get("headers"), "headers"),
    ]


def _personalizations(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or not items:
        return [error(MSG_PERSONALIZATIONS, "personalizations", "message.personalizations")]
    errors: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        errors += _recipients(item.get("to"), f"personalizations.{i}.to")
        errors += _headers(item.get("headers"), f"personalizations.{i}.headers")
    return errors


def _recipients(to: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(to, list) or not to:
        return [error(MSG_TO, field, "message.personalizations.to")]
    errors = []
    for j, entry in enumerate(to):
        address = entry.get("email") if isinstance(entry, dict) else None
        if not address:
            errors.append(error(MSG_TO_EMAIL, f"{field}.{j}.email", "message.personalizations.to"))
        elif not is_valid_address(address):
            errors.append(error(MSG_BAD_ADDRESS, f"{field}.{j}.email", "message.personalizations.to"))
    return errors


def _sender(sender: Any) -> list[dict[str, Any]]:
    address = sender.get("email") if isinstance(sender, dict) else None
    if not address:
        return [error(MSG_FROM, "from.email", "message.from")]
    if not is_valid_address(address):
        return [error(MSG_FROM_ADDRESS, "from.email", "message.from")]
    return []


def _subject(body: dict[str, Any]) -> list[dict[str, Any]]:
    if _non_empty(body.get("subject")):
        return []
    items = body.get("personalizations")
    if isinstance(items, list) and items and all(
        isinstance(p, dict) and _non_empty(p.get("subject")) for p in items
    ):
        return []
    return [error(MSG_SUBJECT, "subject", "message.subject")]


def _content(blocks: Any) -> list[dict[str, Any]]:
    if not isinstance(blocks, list) or not blocks:
        return [error(MSG_CONTENT, "content", "message.content")]
    errors = []
    for i, block in enumerate(blocks):
        block = block if isinstance(block, dict) else {}
        kind = block.get("type")
        if not _non_empty(kind) or any(c in kind for c in ";\r\n"):
            errors.append(error(MSG_CONTENT_TYPE, f"content.{i}.type", "message.content.type"))
        if not _non_empty(block.get("value")):
            errors.append(error(MSG_CONTENT_VALUE, f"content.{i}.value", "message.content.value"))
    types = [b.get("type") for b in blocks if isinstance(b, dict)]
    if "text/plain" in types and types.index("text/plain") != 0:
        errors.append(error(MSG_CONTENT_ORDER, "content", "message.content"))
    return errors


def _headers(headers: Any, field: str) -> list[dict[str, Any]]:
    if headers is None:
        return []
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return [error("Invalid type. Expected: object of strings.", field, "message.headers")]
    if any(name.lower() in RESERVED_HEADERS for name in headers):
        return [error(MSG_RESERVED, field, "message.headers")]
    return []


def _non_empty(value: Any) -> bool:
    return isinstance(value, str) and value != ""
