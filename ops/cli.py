"""One entry point for ops: dead letters, the outbox sweep, digests."""

from __future__ import annotations

import click
from google.cloud import firestore

from jobfeed.outbox import Outbox
from jobfeed.publisher import Publisher
from jobfeed.settings import settings
from jobfeed.topology import topology

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
@click.option("--cadence", type=click.Choice(["daily", "weekly", "monthly"]), required=True)
@click.option("--period", default="scheduled", show_default=True,
              help="Period id (2026-11-24, 2026-W48, 2026-11); 'scheduled' derives it from now.")
def digest_run(cadence: str, period: str) -> None:
    """Publish DigestDue now (what Cloud Scheduler publishes); a repeat for the same period sends nothing twice."""
    from jobfeed.events import Event

    event = Event("DigestDue", {"cadence": cadence, "period": period}, f"ops-digest-{cadence}", "ops")
    click.echo(f"published DigestDue {cadence} {period}: message {Publisher().publish_event(event)}")
