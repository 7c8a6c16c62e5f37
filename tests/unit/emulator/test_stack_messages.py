"""The local stack explains what to do when the machine lacks something or a port is taken."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from emulator.processes import ProcessGroup, StackError
from emulator.stack import StackConfig, require_tools


def test_missing_java_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(StackError, match="Java is missing.*apt-get install"):
        require_tools()


def test_missing_cloud_sdk_says_which_components(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "java").write_text("#!/bin/sh\n")
    (tmp_path / "java").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StackError, match="gcloud.*pubsub-emulator"):
        require_tools()


def test_a_port_in_use_is_named_with_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        group = ProcessGroup(tmp_path)
        with pytest.raises(StackError, match=f"port {port} for sink is in use.*JOBFEED_PORT_BASE"):
            group.start("sink", [sys.executable, "-c", "pass"], {}, port)
    assert group.processes == {}


def test_a_process_that_dies_at_start_shows_its_log(tmp_path: Path) -> None:
    group = ProcessGroup(tmp_path)
    argv = [sys.executable, "-c", "import sys; print('boom: no config'); sys.exit(3)"]
    with pytest.raises(StackError, match="(?s)exited with 3.*boom: no config"):
        group.start("broken", argv, {}, _free_port(), timeout_s=10)
    group.stop_all()


def test_ports_are_the_base_plus_a_fixed_offset_and_can_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    config = StackConfig(port_base=9100)
    assert (config.port("pubsub"), config.port("firestore")) == (9100, 9101)
    monkeypatch.setenv("JOBFEED_PORT_JOB_PORTAL", "9999")
    assert config.url("job_portal") == "http://127.0.0.1:9999"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
