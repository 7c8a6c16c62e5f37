"""One entry point for ops: dead letters, traces, feed rebuilds, the outbox sweep, digests, alerts, purge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from google.cloud import firestore

from jobfeed.outbox import Outbox
from jobfeed.publisher import Publisher
from jobfeed.settings import settings
from jobfeed.topology import topology

from . import alerts as alerts_module
from . import deadletters


@click.group()
def main() -> None:
    """jobfeed operations (emulators or GCP, from the environment)."""


@main.group()
def dlq() -> None:
    """Dead letters per subscription: list, show, replay."""


@dlq.command("list")
@click.option("--subscription", help="Only this subscription.")
def dlq_list(subscription: str | None) -> None:
    """Count dead letters per subscription, with the first failure reason."""
    for sub in deadletters.subscriptions(subscription):
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        if letters or subscription:
            reason = letters[0].reason if letters else "-"
            click.echo(f"{sub.name}\t{len(letters)}\t{reason}")


@dlq.command("show")
@click.option("--subscription", help="Only this subscription.")
@click.option("--id", "message_id", help="Only this message id.")
def dlq_show(subscription: str | None, message_id: str | None) -> None:
    """Print each dead letter: id, reason, attributes, body."""
    for sub in deadletters.subscriptions(subscription):
        letters = list(deadletters.peek(sub))
        deadletters.release(letters)
        for letter in letters:
            if message_id in (None, letter.message_id):
                click.echo(f"--- {sub.name} {letter.message_id}\nreason: {letter.reason}")
                click.echo(f"attributes: {letter.original_attributes()}\n{letter.data.decode(errors='replace')}")


@dlq.command("replay")
@click.option("--subscription", help="Only this subscription.")
@click.option("--id", "message_id", help="Only this message id.")
@click.option("--all", "replay_all", is_flag=True, help="Every dead letter of every subscription.")
def dlq_replay(subscription: str | None, message_id: str | None, replay_all: bool) -> None:
    """Publish dead letters to their topic again (after the fix), then acknowledge them."""
    if not (subscription or message_id or replay_all):
        raise click.UsageError("say what to replay: --subscription, --id or --all")
    publisher, count = Publisher(), 0
    for sub in deadletters.subscriptions(subscription):
        letters = list(deadletters.peek(sub))
        chosen = [letter for letter in letters if message_id in (None, letter.message_id)]
        deadletters.release([letter for letter in letters if letter not in chosen])
        for letter in chosen:
            deadletters.replay(letter, publisher)
            count += 1
            click.echo(f"replayed {sub.name} {letter.message_id}")
    click.echo(f"{count} replayed")


@main.command()
@click.argument("candidate_id")
def trace(candidate_id: str) -> None:
    """Print CANDIDATE_ID's timeline across services from the event log, with dead letters and emails."""
    from . import trace as tracing

    db = firestore.Client(project=settings().project_id)
    for line in tracing.render(tracing.timeline(db, candidate_id), tracing.dead_letters(candidate_id)):
        click.echo(line)


@main.command("rebuild-feed")
@click.argument("candidate_ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every live candidate, with progress.")
@click.option("--apply", "write", is_flag=True, help="Write the rebuilt feed over the live one (default: compare).")
def rebuild_feed(candidate_ids: tuple[str, ...], every: bool, write: bool) -> None:
    """Rebuild candidate feeds from the event log with the Portal's own rules and compare them with the live
    ones; exits 1 if any differs (after --apply: if any could not be repaired)."""
    from . import feeds

    if not (candidate_ids or every):
        raise click.UsageError("say which feeds: CANDIDATE_ID ... or --all")
    db = firestore.Client(project=settings().project_id)
    ids = sorted(set(candidate_ids) | (set(feeds.live_candidates(db)) if every else set()))
    logs = feeds.logs_by_candidate(db) if every else {}
    differing = 0
    for number, candidate_id in enumerate(ids, 1):
        log = logs.get(candidate_id, []) if every else feeds.log_of(db, candidate_id)
        line, still_differs = feeds.rebuild_one(db, candidate_id, log, write)
        differing += still_differs
        click.echo(f"[{number}/{len(ids)}] {line}" if every else line)
    click.echo(f"{len(ids)} feeds checked, {differing} {'still ' if write else ''}differ")
    if differing:
        raise SystemExit(1)


@main.command()
@click.option("--logs", "log_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The functions' log folder (default: $JOBFEED_LOG_DIR or .run/logs, where `make run` writes).")
@click.option("--function-5xx", default=alerts_module.FUNCTION_5XX_PER_5MIN, show_default=True,
              help="Failed deliveries per function in 5 minutes above which it fires.")
def alerts(log_dir: Path | None, function_5xx: int) -> None:
    """Evaluate the production alert conditions (terraform/monitoring.tf) here; exit 1 when any fires."""
    db = firestore.Client(project=settings().project_id)
    firing = alerts_module.evaluate(db, log_dir or alerts_module.default_log_dir(), function_5xx)
    for alert in firing:
        click.echo(alert.line())
    for skipped in alerts_module.NOT_EVALUATED:
        click.echo(f"not evaluated  {skipped}")
    click.echo(f"{len(firing)} alert(s) firing" if firing else "no alert firing")
    raise SystemExit(1 if firing else 0)


@main.command()
@click.option("--dry-run", is_flag=True, help="Count what is due (up to 400 per collection), delete nothing.")
@click.option("--at", "at", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"]), default=None,
              help="Purge as if it were this time (UTC unless an offset is given); default now.")
def purge(dry_run: bool, at: datetime | None) -> None:
    """Delete bookkeeping documents whose expire_at has passed, as Firestore TTL does in production (the
    emulator has no TTL): sent outbox entries, processed markers, finished emails, old event log entries."""
    from . import purge as purging

    when = at.replace(tzinfo=at.tzinfo or UTC) if at else datetime.now(UTC)
    db = firestore.Client(project=settings().project_id)
    counts = purging.purge(db, purging.collections(), when, dry_run)
    for name, count in counts.items():
        click.echo(f"{name}\t{count}")
    click.echo(f"{sum(counts.values())} {'due' if dry_run else 'deleted'} (expire_at <= {when.isoformat()})")


@main.group()
def erasure() -> None:
    """Choreographed erasure of a candidate across services."""


@erasure.command("request")
@click.argument("candidate_id")
def erasure_request(candidate_id: str) -> None:
    """Ask every service to delete CANDIDATE_ID's data (as the candidate's "delete my data" does)."""
    from jobfeed.events import Event

    event = Event("CandidateErasureRequested", {"candidate_id": candidate_id, "requested_by": "ops"},
                  candidate_id, "ops")
    click.echo(f"erasure requested: message {Publisher().publish_event(event)}")


@erasure.command("status")
@click.argument("candidate_id")
def erasure_status(candidate_id: str) -> None:
    """Which services confirmed deleting CANDIDATE_ID's data; exit 1 while any has not."""
    from . import erasure as erasing

    db = firestore.Client(project=settings().project_id)
    expected, confirmed = erasing.expected_services(), erasing.confirmed_services(db, candidate_id)
    for service in sorted(expected):
        click.echo(f"{service}\t{'erased' if service in confirmed else 'pending'}")
    complete = expected <= confirmed
    click.echo("complete" if complete else "incomplete")
    raise SystemExit(0 if complete else 1)


@main.group()
def outbox() -> None:
    """The transactional outboxes of every service."""


@outbox.command("sweep")
@click.option("--older-than", default=0, show_default=True, help="Seconds an entry must have waited.")
def outbox_sweep(older_than: int) -> None:
    """Publish every entry an outage left unsent, for every service."""
    from datetime import timedelta

    db, publisher = firestore.Client(project=settings().project_id), Publisher()
    services = sorted({str(f["source"]) for f in topology().functions})
    with click.progressbar(services, label="sweeping") as bar:
        for service in bar:
            sent = Outbox(db, service, publisher).sweep(timedelta(seconds=older_than))
            if sent:
                click.echo(f"\n{service}: published {sent}")


@main.group()
def digest() -> None:
    """Digests."""


@digest.command("run")
@click.option("--cadence", type=click.Choice(["daily", "weekly", "monthly", "instant"]), required=True,
              help="instant: send what every ended instant window gathered (the every-minute tick).")
@click.option("--period", default="scheduled", show_default=True,
              help="Period id (2026-11-24, 2026-W48, 2026-11); 'scheduled' derives it from now.")
def digest_run(cadence: str, period: str) -> None:
    """Publish DigestDue now (what Cloud Scheduler publishes); a repeat for the same period sends nothing twice."""
    from jobfeed.events import Event

    event = Event("DigestDue", {"cadence": cadence, "period": period}, f"ops-digest-{cadence}", "ops")
    click.echo(f"published DigestDue {cadence} {period}: message {Publisher().publish_event(event)}")
