"""`make run`: the whole pipeline locally, seeded with sample jobs, until Ctrl-C."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import requests

from .processes import StackError
from .scheduler import LocalScheduler
from .stack import Stack

SAMPLE_JOBS = Path(__file__).with_name("sample_jobs.jsonl")


def seed_jobs(stack: Stack) -> dict[str, object]:
    response = requests.post(f"{stack.config.url('job_intake')}/jobs", data=SAMPLE_JOBS.read_bytes(), timeout=60,
                             headers={"Content-Type": "application/x-ndjson", "X-API-Key": stack.config.intake_api_key})
    response.raise_for_status()
    return dict(response.json())


def summary(stack: Stack) -> str:
    cfg = stack.config
    return "\n".join([
        "",
        "jobfeed is running locally.",
        f"  Portal (register here):  {cfg.url('job_portal')}/",
        f"  Job Intake API:          {cfg.url('job_intake')}/jobs   (header X-API-Key: {cfg.intake_api_key})",
        f"  Mail sink inbox:         {cfg.url('sendgrid')}/",
        f"  Ops console:             {cfg.url('console')}/   (events, traces, dead letters, replay)",
        f"  Pub/Sub emulator:        127.0.0.1:{cfg.port('pubsub')}",
        f"  Firestore emulator:      127.0.0.1:{cfg.port('firestore')}",
        f"  Storage emulator:        {cfg.url('storage')}",
        f"  Logs:                    {cfg.log_dir}/",
        "",
        "Register from the command line:",
        "  curl -sS -H 'Accept: application/json' -F name='Ada Lovelace' -F email=ada@example.com \\",
        "    -F locations=London -F titles='Backend Engineer' -F remote=remote -F cadence=instant -F consent=yes \\",
        f"    -F resume=@tests/fixtures/sample_resume.pdf {cfg.url('job_portal')}/candidates",
        "",
        "Ctrl-C stops everything.",
    ])


def main() -> int:
    stack = Stack()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with stack:
            result = seed_jobs(stack)
            print(f"seeded {result['accepted']} sample jobs ({len(result['rejected'])} rejected)")  # type: ignore[arg-type]
            scheduler = LocalScheduler()
            scheduler.start()
            print(summary(stack), flush=True)
            signal.pause()
    except StackError as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping: every emulator and function is shut down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
