"""The whole pipeline on local emulators: Pub/Sub, Firestore, Cloud Storage, a SendGrid sink, and one
functions-framework process per function, wired from schemas/topology.yaml like production.

    python -m emulator.stack            # make run: start, seed sample jobs, print URLs, stop on Ctrl-C
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .processes import ProcessGroup, StackError, http_answers, port_is_free

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("pubsub", "firestore", "storage", "sendgrid", "console")
JAVA_EMULATORS = ("pubsub", "firestore")
# The two emulators are Java programs. On a fresh stack, sampled per thread during sequential registrations,
# HotSpot's optimising compiler (C2) took more of the Firestore emulator's CPU than serving the requests did (5.6 s
# of 9 s), on a machine whose few cores also run every function a flow waits for. With the quick compiler alone
# the emulator spent 135 ms of CPU per registration instead of 366, Pub/Sub's 58 instead of 94, and each service's
# processing p50 fell 10-20 ms (docs/design-notes.md, "Pipeline latency"). But C1's code scans a collection about
# half as fast: a test session fills its shared stack with thousands of documents and queries them all the time
# (fresh-clone runs the same day: make test 19.9 min with C1, 16.8 without), so test stacks keep the JVM's
# default, and `make run` and the pipeline bench, fresh stacks of a few hundred registrations, take C1
# (StackConfig.quick_jit). Options the developer set in JAVA_TOOL_OPTIONS come after these and win.
EMULATOR_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"


def java_env(env: dict[str, str]) -> dict[str, str]:
    """env for launching a Java emulator: EMULATOR_JAVA_OPTIONS through JAVA_TOOL_OPTIONS, which every JVM reads
    (gcloud starts the emulator's java itself, so there is no command line to put them on)."""
    return {**env, "JAVA_TOOL_OPTIONS": f"{EMULATOR_JAVA_OPTIONS} {env.get('JAVA_TOOL_OPTIONS', '')}".strip()}


@dataclass(frozen=True)
class StackConfig:
    """Ports are JOBFEED_PORT_BASE + a fixed offset each, unless JOBFEED_PORT_<NAME> sets one."""

    project: str = "jobfeed-local"
    port_base: int = 8600
    log_dir: Path = ROOT / ".run" / "logs"
    sendgrid_api_key: str = "SG.local-sink-key"
    intake_api_key: str = "local-intake-key"
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. JOBFEED_FAULT_RATE for the fault suite
    quick_jit: bool = True  # the Java emulators compile with C1 only (EMULATOR_JAVA_OPTIONS); test stacks: False

    @classmethod
    def from_env(cls, **overrides: object) -> StackConfig:
        base = int(os.environ.get("JOBFEED_PORT_BASE", "8600"))
        return cls(port_base=base, **overrides)  # type: ignore[arg-type]

    def port(self, name: str) -> int:
        # The console came last: it keeps the ports the README names for everything before it.
        names = [s for s in SERVICES if s != "console"] + [f["name"] for f in _functions()] + ["console"]
        return int(os.environ.get(f"JOBFEED_PORT_{name.upper()}", self.port_base + names.index(name)))

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port(name)}"

    @property
    def resumes_bucket(self) -> str:
        return f"{self.project}-resumes"

    @property
    def snapshots_bucket(self) -> str:
        return f"{self.project}-snapshots"

    def env(self) -> dict[str, str]:
        """What every process gets: the same variable names production sets, pointed at the emulators."""
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT / "functions" / "common"),
            "GOOGLE_CLOUD_PROJECT": self.project,
            "PUBSUB_EMULATOR_HOST": f"127.0.0.1:{self.port('pubsub')}",
            "FIRESTORE_EMULATOR_HOST": f"127.0.0.1:{self.port('firestore')}",
            "STORAGE_EMULATOR_HOST": self.url("storage"),
            "SENDGRID_HOST": self.url("sendgrid"),
            "SENDGRID_API_KEY": self.sendgrid_api_key,
            "JOBFEED_INTAKE_API_KEY": self.intake_api_key,
            "JOBFEED_SIGNING_KEY": "local-signing-key",  # the Portal's confirmation links (Secret Manager in GCP)
            "JOBFEED_RESUMES_BUCKET": self.resumes_bucket,
            "JOBFEED_SNAPSHOTS_BUCKET": self.snapshots_bucket,
            "JOBFEED_PORTAL_URL": self.url("job_portal"),
            "PYTHONUNBUFFERED": "1",
            # Locally the circuit breaker closes again within seconds, so a sink outage heals quickly.
            "JOBFEED_MAIL_BREAKER_RESET_S": "10", "JOBFEED_MAIL_RETRY_BUDGET_S": "5",
            **self.extra_env,
        }


def _functions() -> list[dict[str, object]]:
    from jobfeed.topology import topology

    return topology().functions


def require_tools() -> None:
    if shutil.which("java") is None:
        raise StackError("Java is missing: the Pub/Sub and Firestore emulators need it "
                         "(`apt-get install -y openjdk-17-jre-headless`).")
    if shutil.which("gcloud") is None:
        raise StackError("The Google Cloud SDK (gcloud) is missing: install it with the pubsub and firestore "
                         "emulator components (`gcloud components install beta pubsub-emulator "
                         "cloud-firestore-emulator`, or Debian's google-cloud-cli-*-emulator packages).")


class Stack:
    def __init__(self, config: StackConfig | None = None, progress=print):  # type: ignore[no-untyped-def]
        self.config = config or StackConfig.from_env()
        self.group = ProcessGroup(self.config.log_dir)
        self.progress = progress

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        require_tools()
        started = time.monotonic()
        self._start_backends()
        os.environ.update({k: v for k, v in self.config.env().items() if k.endswith("_EMULATOR_HOST")})
        from jobfeed.topology import topology

        from . import bootstrap

        self.progress("creating schemas and topics from schemas/topology.yaml")
        bootstrap.create_topics(self.config.project, topology())
        self._start_functions()
        self.progress("creating push subscriptions and dead-letter topics")
        bootstrap.create_subscriptions(
            self.config.project, topology(), {f["name"]: self.config.url(str(f["name"])) for f in _functions()})
        self._create_bucket()
        self.progress(f"stack up in {time.monotonic() - started:.1f}s")

    def _start_backends(self) -> None:
        cfg, env = self.config, self.config.env()
        py = sys.executable
        commands = {
            "pubsub": ["gcloud", "beta", "emulators", "pubsub", "start",
                       f"--host-port=127.0.0.1:{cfg.port('pubsub')}", f"--project={cfg.project}"],
            "firestore": ["gcloud", "emulators", "firestore", "start",
                          f"--host-port=127.0.0.1:{cfg.port('firestore')}"],
            "storage": [str(Path(py).parent / "gcp-storage-emulator"), "start", "--host", "127.0.0.1",
                        "--port", str(cfg.port("storage")), "--in-memory", "--quiet"],
            "sendgrid": [py, "-m", "emulator.sendgrid_sink", "--host", "127.0.0.1", "--port",
                         str(cfg.port("sendgrid")), "--api-key", cfg.sendgrid_api_key],
            "console": [py, "-m", "emulator.console", "--host", "127.0.0.1", "--port", str(cfg.port("console")),
                        "--inbox-url", f"{cfg.url('sendgrid')}/"],
        }
        launched = []
        for name in SERVICES:
            self.progress(f"starting {name} emulator on port {cfg.port(name)}")
            backend_env = {**env, "PYTHONPATH": str(ROOT)}
            launched.append(self.group.launch(name, commands[name],
                                              java_env(backend_env) if cfg.quick_jit and name in JAVA_EMULATORS
                                              else backend_env,
                                              cfg.port(name)))
        for managed in launched:
            self.group.wait_ready(managed, cfg.port(managed.name), None, 90)

    def _start_functions(self) -> None:
        launched = []
        for function in _functions():
            name = str(function["name"])
            self.progress(f"starting function {name} on port {self.config.port(name)}")
            launched.append(self.group.launch(name, *self._function_command(function), self.config.port(name)))
        for managed in launched:
            port = self.config.port(managed.name)
            self.group.wait_ready(managed, port, lambda port=port: http_answers(port), 60)

    def _function_command(self, function: dict[str, object]) -> tuple[list[str], dict[str, str]]:
        name, source, port = str(function["name"]), str(function["source"]), self.config.port(str(function["name"]))
        ff = str(Path(sys.executable).parent / "functions-framework")
        signature = "http" if function["trigger"] == "http" else "cloudevent"
        argv = [ff, "--source", str(ROOT / "functions" / source / "main.py"), "--target", name,
                "--signature-type", signature, "--host", "127.0.0.1", "--port", str(port)]
        return argv, {**self.config.env(), "JOBFEED_FUNCTION": name}

    def kill(self, name: str) -> None:
        """SIGKILL one process (its whole group), as when an instance dies mid-request."""
        self.group.kill(name)

    def restart(self, name: str, extra_env: dict[str, str] | None = None) -> float:
        """Start function `name` again (stopped first if it still runs), with `extra_env` on top of the stack's
        environment (e.g. JOBFEED_FAULT_RATE); its log continues. Returns the seconds until it answered."""
        started = time.monotonic()
        self.group.stop(name)
        function = next(f for f in _functions() if f["name"] == name)
        argv, env = self._function_command(function)
        port = self.config.port(name)
        deadline = time.monotonic() + 15
        while not port_is_free(port) and time.monotonic() < deadline:
            time.sleep(0.1)  # a killed group's last process may still hold the socket for a moment
        managed = self.group.launch(name, argv, {**env, **(extra_env or {})}, port, append=True)
        self.group.wait_ready(managed, port, lambda: http_answers(port), 60)
        return time.monotonic() - started

    def _create_bucket(self) -> None:
        from google.api_core.exceptions import Conflict
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import storage

        client = storage.Client(project=self.config.project, credentials=AnonymousCredentials())
        for bucket in (self.config.resumes_bucket, self.config.snapshots_bucket):
            try:
                client.create_bucket(bucket)
            except Conflict:
                pass

    def stop(self) -> None:
        self.group.stop_all()
