"""The Java emulators start with the quick compiler only, and a developer's own JVM options still win."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from emulator.stack import java_env

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="no java on this machine")


def path() -> dict[str, str]:
    return {"PATH": os.environ["PATH"]}  # and no JAVA_TOOL_OPTIONS of the machine's


def tiered_stop_level(env: dict[str, str]) -> int:
    """What a JVM started with env runs with (the emulators' java is started by gcloud, with its environment)."""
    shown = subprocess.run(["java", "-XX:+PrintFlagsFinal", "-version"], env=env, capture_output=True, text=True,
                           check=True, timeout=60).stdout
    match = re.search(r"\bTieredStopAtLevel\s*=\s*(\d+)", shown)
    assert match, "the JVM did not print TieredStopAtLevel"
    return int(match.group(1))


def test_a_jvm_started_with_the_emulator_environment_compiles_with_c1_only() -> None:
    assert tiered_stop_level(path()) == 4  # the JVM's own default: both compilers
    assert tiered_stop_level(java_env(path())) == 1


def test_the_developers_own_java_tool_options_come_after_and_win() -> None:
    env = java_env({**path(), "JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=4 -Xmx512m"})
    assert env["JAVA_TOOL_OPTIONS"].endswith("-XX:TieredStopAtLevel=4 -Xmx512m")
    assert tiered_stop_level(env) == 4
