"""Starts and stops the local stack's processes: each in its own process group, logs in one folder,
everything stopped on exit or failure so no emulator or function is left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class StackError(RuntimeError):
    """Something the person running the stack can fix; the message says what to do."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def http_answers(port: int, host: str = "127.0.0.1") -> bool:
    """Any HTTP answer counts: gunicorn binds before its worker has imported the function."""
    import http.client

    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status > 0
    except OSError:
        return False
    finally:
        connection.close()


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Managed:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass


@dataclass
class ProcessGroup:
    log_dir: Path
    processes: dict[str, Managed] = field(default_factory=dict)

    def start(self, name: str, argv: list[str], env: dict[str, str], port: int,
              ready: Callable[[], bool] | None = None, timeout_s: float = 60) -> Managed:
        managed = self.launch(name, argv, env, port)
        self.wait_ready(managed, port, ready, timeout_s)
        return managed

    def launch(self, name: str, argv: list[str], env: dict[str, str], port: int, append: bool = False) -> Managed:
        """append keeps the log of an earlier run of the same process (a restart), instead of truncating it."""
        if not port_is_free(port):
            raise StackError(f"port {port} for {name} is in use: stop whatever holds it "
                             f"(`ss -ltnp | grep :{port}`) or choose other ports (JOBFEED_PORT_BASE)")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "ab" if append else "wb") as log_file:
            process = subprocess.Popen(argv, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        managed = Managed(name, process, log_path)
        self.processes[name] = managed
        return managed

    def wait_ready(self, managed: Managed, port: int, ready: Callable[[], bool] | None, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        check = ready or (lambda: port_answers(port))
        while time.monotonic() < deadline:
            if managed.process.poll() is not None:
                raise StackError(f"{managed.name} exited with {managed.process.returncode}; "
                                 f"see {managed.log_path}:\n{tail(managed.log_path)}")
            if check():
                return
            time.sleep(0.1)
        raise StackError(f"{managed.name} did not become ready in {timeout_s:.0f}s; see {managed.log_path}:\n"
                         f"{tail(managed.log_path)}")

    def stop(self, name: str, timeout_s: float = 10) -> None:
        managed = self.processes.pop(name, None)
        if managed is None:
            return
        managed.signal(signal.SIGCONT)  # a paused (SIGSTOPped) emulator cannot handle SIGTERM
        managed.signal(signal.SIGTERM)
        try:
            managed.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            managed.signal(signal.SIGKILL)
            managed.process.wait(timeout_s)

    def kill(self, name: str, timeout_s: float = 10) -> None:
        """SIGKILL the process group, as when an instance dies: no shutdown, in-flight requests are cut."""
        managed = self.processes.pop(name)
        managed.signal(signal.SIGKILL)
        managed.process.wait(timeout_s)

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
