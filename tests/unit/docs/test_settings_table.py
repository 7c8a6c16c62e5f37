"""docs/settings.md lists every environment knob: generated from jobfeed.knobs, which must name every JOBFEED_*
variable the functions, ops and the local stack read, with the default the code really uses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from job_intake.settings import IntakeSettings
from job_recommendation.settings import RecommendationSettings
from jobfeed.knobs import KNOBS, by_name, read
from jobfeed.settings import Settings
from notification.mailer import MailerSettings
from notification.render import MAX_JOBS
from notification.settings import NotificationSettings

ROOT = Path(__file__).resolve().parents[3]
READERS = ("functions", "ops", "emulator")
NAME = re.compile(r"\bJOBFEED_[A-Z0-9_]+")
# os.environ.get("JOBFEED_X", "default") / _env("JOBFEED_X", "default"): the literal default the code uses.
LITERAL_DEFAULT = re.compile(r"""\(\s*["'](JOBFEED_[A-Z0-9_]+)["']\s*,\s*["']([^"']*)["']\s*\)""")


def sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for top in READERS
            for p in sorted((ROOT / top).rglob("*.py")) if p.name != "knobs.py"}


def listed(name: str) -> bool:
    """A name is listed as itself, or (JOBFEED_PORT_ built from a function's name) as a JOBFEED_PORT_<NAME>."""
    return name in by_name() or any(k.name.startswith(name) and "<" in k.name for k in KNOBS if name.endswith("_"))


def test_every_knob_the_code_reads_is_listed() -> None:
    read = {(name, path) for path, text in sources().items() for name in NAME.findall(text)}
    missing = sorted(f"{name} ({path})" for name, path in read if not listed(name))
    assert missing == [], "add them to functions/common/jobfeed/knobs.py: " + ", ".join(missing)
    assert not listed("JOBFEED_NOT_A_KNOB") and listed("JOBFEED_PORT_")


def test_every_listed_knob_is_read_somewhere() -> None:
    text = "\n".join(sources().values())
    stale = [k.name for k in KNOBS if k.name.split("<")[0] not in text]
    assert stale == []


def test_the_listed_defaults_are_the_code_defaults() -> None:
    """Code that still reads os.environ with a literal default must use the listed one (typed settings read
    through jobfeed.knobs.read, whose default is the listed one by construction)."""
    found = {(name, default) for text in sources().values() for name, default in LITERAL_DEFAULT.findall(text)}
    # A default taken from another variable ($K_SERVICE) is described, not a literal to compare.
    differing = [(name, default, by_name()[name].default) for name, default in found
                 if by_name()[name].default != default and not by_name()[name].default.startswith("$")]
    assert differing == []
    assert by_name()["JOBFEED_EMAIL_MAX_JOBS"].default == str(MAX_JOBS)


@pytest.mark.parametrize("parsed, constructed", [
    (Settings.from_env({}), Settings()),
    (RecommendationSettings.from_env({}), RecommendationSettings()),
    (NotificationSettings.from_env({}, Settings()),
     NotificationSettings(mailer=MailerSettings(api_key="", from_email=Settings().mail_from))),
    (IntakeSettings.from_env({}, Settings()), IntakeSettings()),
], ids=["jobfeed", "recommendation", "notification", "intake"])
def test_typed_settings_default_to_the_listed_knobs(parsed: object, constructed: object) -> None:
    """A settings object built in code (a test, an override) has the production defaults too."""
    assert parsed == constructed


def test_a_knob_is_read_from_the_environment_or_falls_back_to_its_listed_default() -> None:
    assert read({"JOBFEED_MATCH_TOP_N": " 7 "}, "JOBFEED_MATCH_TOP_N") == "7"
    assert read({"JOBFEED_MATCH_TOP_N": ""}, "JOBFEED_MATCH_TOP_N") == by_name()["JOBFEED_MATCH_TOP_N"].default
    assert RecommendationSettings.from_env({"JOBFEED_MATCH_THRESHOLD": "0.5"}).threshold == 0.5
    with pytest.raises(KeyError):
        read({}, "JOBFEED_NOT_A_KNOB")  # every knob read is listed, so documented


@pytest.mark.parametrize("chunk", ["0", "241"])
def test_a_fan_out_chunk_that_cannot_fit_one_transaction_is_refused_at_start_up(chunk: str) -> None:
    with pytest.raises(ValueError, match="JOBFEED_FAN_OUT_CHUNK must be 1 to 240"):
        RecommendationSettings.from_env({"JOBFEED_FAN_OUT_CHUNK": chunk})


def test_docs_settings_md_is_current() -> None:
    done = subprocess.run([sys.executable, "tools/settings_table.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(f"`{k.name}`" in (ROOT / "docs" / "settings.md").read_text() for k in KNOBS)
