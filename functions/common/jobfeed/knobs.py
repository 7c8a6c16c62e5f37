"""Every environment knob the functions, ops and the local stack read: name, default and meaning, in one list.

Each function reads its knobs through `read`, into a typed settings object parsed once by its composition root
(`jobfeed.settings.Settings` for every function, and `<service>/settings.py`), so a default is written only
here. docs/settings.md is generated from this list (tools/settings_table.py), and
tests check that every JOBFEED_* name the code reads is listed, that the doc is current, and that Terraform sets
each knob as its `production` says.

`production` says how a deployment gets the knob:
- "deployment": Terraform sets it from the deployment (a bucket, a URL, a secret, a variable);
- "tuning": the default below is the production value; Terraform sets it from `var.function_settings`, whose
  default is this list's, so an operator sees and changes every tuning knob in one place;
- "unset": a test or bench hook: never set in production;
- "local": read by the local stack or by ops on a developer's machine, not by a function.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Production = Literal["deployment", "tuning", "unset", "local"]


@dataclass(frozen=True)
class Knob:
    name: str
    default: str  # as the environment would carry it; "" means unset (and what unset means is in `meaning`)
    reader: str  # who reads it
    meaning: str
    production: Production


KNOBS: tuple[Knob, ...] = (
    # Every function (jobfeed).
    Knob("GOOGLE_CLOUD_PROJECT", "jobfeed-local", "jobfeed.settings",
         "The GCP project of Firestore, Pub/Sub and Storage.", "deployment"),
    Knob("JOBFEED_FUNCTION", "$K_SERVICE, else local", "jobfeed.settings",
         "The function's topology name (jobfeed.settings; names the operation-count files).", "deployment"),
    Knob("JOBFEED_RESUMES_BUCKET", "jobfeed-local-resumes", "jobfeed.settings",
         "The bucket the Portal uploads resumes to and Profile reads them from.", "deployment"),
    Knob("JOBFEED_SNAPSHOTS_BUCKET", "", "jobfeed.settings",
         "The bucket of Recommendation's index snapshots; unset: snapshots fail as a permanent error.", "deployment"),
    Knob("JOBFEED_PORTAL_URL", "http://127.0.0.1:8080", "jobfeed.settings",
         "The Portal's public base URL, for the feed links in emails.", "deployment"),
    Knob("JOBFEED_MAIL_FROM", "jobs@jobfeed.example", "jobfeed.settings",
         "The sender address of candidate emails (a verified SendGrid sender).", "deployment"),
    Knob("JOBFEED_INTAKE_API_KEY", "", "jobfeed.settings",
         "The key Job Intake requires of feed uploads (from Secret Manager `intake-api-key`).", "deployment"),
    Knob("SENDGRID_API_KEY", "", "jobfeed.settings",
         "SendGrid's API key (from Secret Manager `sendgrid-api-key`).", "deployment"),
    Knob("SENDGRID_HOST", "https://api.sendgrid.com", "jobfeed.settings",
         "Where emails are sent: the local SendGrid sink in the emulator stack.", "local"),
    Knob("JOBFEED_EVENT_LOG_RETENTION_DAYS", "365", "jobfeed.retention",
         "Days an event log entry is kept (its expire_at); 0 keeps the log forever.", "deployment"),
    Knob("JOBFEED_TRACE_EXPORTER", "log", "jobfeed.tracing",
         "Where OpenTelemetry spans go: cloudtrace (production), log (the JSON logs) or none.", "deployment"),
    Knob("JOBFEED_PUBLISH_TIMEOUT_S", "5", "jobfeed.settings",
         "Seconds a relay waits for Pub/Sub to accept a message before leaving it to the outbox sweep.", "tuning"),
    Knob("JOBFEED_SCHEMAS_DIR", "", "jobfeed.topology",
         "Where schemas/ is; unset: next to the package (bundle) or at the repository root.", "unset"),
    Knob("JOBFEED_FAULT_RATE", "0", "jobfeed.faults",
         "The fault suite's injected failure rate (0 to 1); 0 injects nothing.", "unset"),
    Knob("JOBFEED_OP_COUNTS_DIR", "", "jobfeed.opcount",
         "A folder where each process writes its Firestore and Pub/Sub operation counts (bench); unset: off.",
         "unset"),
    # Notification.
    Knob("JOBFEED_DIGEST_CHUNK", "200", "notification.settings",
         "Recipients per digest page (one query and one batch of emails each).", "tuning"),
    Knob("JOBFEED_EMAIL_MAX_JOBS", "25", "notification.settings",
         "Jobs listed in full per email; the rest are counted, with the feed link.", "tuning"),
    Knob("JOBFEED_INSTANT_WINDOW_S", "600", "notification.settings",
         "Seconds an instant candidate's window gathers matches after the first email.", "tuning"),
    Knob("JOBFEED_ERASURE_IN_FLIGHT_WAIT_S", "20", "notification.settings",
         "Seconds an erasure waits for an email already being sent before it erases the recipient.", "tuning"),
    Knob("JOBFEED_MAIL_TIMEOUT_S", "10", "notification.settings",
         "Seconds per SendGrid request.", "tuning"),
    Knob("JOBFEED_MAIL_MAX_ATTEMPTS", "4", "notification.settings",
         "Attempts per email inside one delivery (then Pub/Sub redelivers).", "tuning"),
    Knob("JOBFEED_MAIL_RETRY_BUDGET_S", "20", "notification.settings",
         "Seconds of retrying per send: no retry starts that would end later.", "tuning"),
    Knob("JOBFEED_MAIL_BREAKER_FAIL_MAX", "5", "notification.settings",
         "Consecutive SendGrid failures that open the circuit breaker.", "tuning"),
    Knob("JOBFEED_MAIL_BREAKER_RESET_S", "60", "notification.settings",
         "Seconds the open breaker waits before it lets one send try again.", "tuning"),
    # Job Recommendation.
    Knob("JOBFEED_MATCH_THRESHOLD", "0.35", "job_recommendation.settings",
         "The lowest match score a job needs to be recommended.", "tuning"),
    Knob("JOBFEED_MATCH_TOP_N", "20", "job_recommendation.settings",
         "Jobs recommended at most per profile.", "tuning"),
    Knob("JOBFEED_FAN_OUT_CHUNK", "200", "job_recommendation.settings",
         "Candidates per JobFanOutDue event when a new job is matched against every profile (1 to 240: two writes "
         "each in one transaction).", "tuning"),
    Knob("JOBFEED_INDEX_OVERLAP_S", "1", "job_recommendation.settings",
         "Seconds the index re-reads before its watermark (commits may become visible slightly out of order).",
         "tuning"),
    Knob("JOBFEED_INDEX_REUSE_S", "0.5", "job_recommendation.settings",
         "Seconds before an event's arrival a shared index catch-up may have started and still serve it (or as "
         "long as its query took; only if it started after the event was published); 0: only catch-ups started "
         "after the event arrived.", "tuning"),
    Knob("JOBFEED_INDEX_CLOCK_MARGIN_S", "0.25", "job_recommendation.settings",
         "Seconds a catch-up must start after an event's Pub/Sub publishTime to count as after it (clock skew "
         "between the broker and the instance).", "tuning"),
    Knob("JOBFEED_SENT_RETENTION_DAYS", "30", "job_recommendation.settings",
         "Days a sent recommendation outlives its job's closing, so a job is offered once.", "tuning"),
    # Consent and abuse (#18): double opt-in in the Portal, rate limits in the Portal and Job Intake.
    Knob("JOBFEED_SIGNING_KEY", "", "job_portal.consent",
         "Signs the confirmation links (from Secret Manager `portal-signing-key`); unset with double opt-in on: "
         "the Portal refuses to start registrations.", "deployment"),
    Knob("JOBFEED_DOUBLE_OPT_IN", "on", "job_portal.consent",
         "off: candidates count as confirmed at once (only the shared test stacks); never off in production.",
         "unset"),
    Knob("JOBFEED_CONFIRM_LINK_TTL_S", "172800", "job_portal.consent",
         "Seconds a confirmation link works.", "tuning"),
    Knob("JOBFEED_CONFIRM_RESEND_GAP_S", "600", "job_portal.consent",
         "Seconds between two 'send the confirmation again' of one candidate.", "tuning"),
    Knob("JOBFEED_CONFIRM_MAX_RESENDS", "3", "job_portal.consent",
         "How many times a candidate may ask for the confirmation again.", "tuning"),
    Knob("JOBFEED_DUPLICATE_EMAIL_GAP_S", "3600", "job_portal.consent",
         "At most one email per address per this many seconds on the repeated-registration path.", "tuning"),
    Knob("JOBFEED_RATE_LIMITS", "on", "jobfeed.rate_limit",
         "off: no rate limits (only the shared test stacks); never off in production.", "unset"),
    Knob("JOBFEED_RATE_REGISTER_PER_CLIENT", "20/3600", "job_portal.limits",
         "Registrations per client address: N/W, N requests per W seconds.", "tuning"),
    Knob("JOBFEED_RATE_REGISTER_PER_EMAIL", "5/3600", "job_portal.limits",
         "Registration attempts per e-mail address, whoever posts them: N/W.", "tuning"),
    Knob("JOBFEED_RATE_WRITE_PER_CLIENT", "120/600", "job_portal.limits",
         "Feed page actions and confirmations per client address: N/W.", "tuning"),
    Knob("JOBFEED_RATE_INTAKE_PER_CLIENT", "60/60", "job_intake.settings",
         "Job Intake requests per client address: N/W.", "tuning"),
    Knob("JOBFEED_RATE_<NAME>", "", "jobfeed.rate_limit",
         "How a limit is named (the four above are every limit production has); tests set them short.", "unset"),
    Knob("JOBFEED_CLIENT_ADDRESS_HOPS", "0", "jobfeed.rate_limit",
         "X-Forwarded-For entries appended by trusted proxies: 0 locally, 1 direct, 2 behind the edge "
         "(Terraform sets it per function).", "deployment"),
    Knob("JOBFEED_RECAPTCHA_SITE_KEY", "", "job_portal.recaptcha",
         "reCAPTCHA Enterprise key of the form; empty: off (var.recaptcha_enabled sets it).", "deployment"),
    Knob("JOBFEED_RECAPTCHA_MIN_SCORE", "0.5", "job_portal.recaptcha",
         "The lowest reCAPTCHA score a registration passes with (var.recaptcha_min_score).", "deployment"),
    # The local stack and ops.
    Knob("JOBFEED_PORT_BASE", "8600", "emulator.stack",
         "The first port of the local stack; each process takes a fixed offset from it.", "local"),
    Knob("JOBFEED_PORT_<NAME>", "", "emulator.stack",
         "One process's port (NAME: a function or emulator, upper case), instead of the base's offset.", "local"),
    Knob("JOBFEED_LOG_DIR", ".run/logs", "ops.alerts",
         "The functions' log folder `ops alerts` reads (where `make run` writes).", "local"),
)


def by_name() -> dict[str, Knob]:
    return {knob.name: knob for knob in KNOBS}


def read(env: Mapping[str, str], name: str) -> str:
    """The knob's value in env (surrounding blanks dropped), else its listed default. A name not listed is a
    programming error (KeyError), so no knob can be read without being documented."""
    knob = _BY_NAME[name]
    value = env.get(name, "").strip()
    return value if value else knob.default


_BY_NAME = by_name()
