"""Settings from the environment: the same names work against the emulators and against real GCP.

The Google clients read PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST and STORAGE_EMULATOR_HOST themselves;
nothing here special-cases local runs beyond passing those through.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    project_id: str = field(default_factory=lambda: _env("GOOGLE_CLOUD_PROJECT", "jobfeed-local"))
    function_name: str = field(default_factory=lambda: _env("JOBFEED_FUNCTION", _env("K_SERVICE", "local")))
    resumes_bucket: str = field(default_factory=lambda: _env("JOBFEED_RESUMES_BUCKET", "jobfeed-local-resumes"))
    snapshots_bucket: str = field(default_factory=lambda: _env("JOBFEED_SNAPSHOTS_BUCKET"))
    portal_base_url: str = field(default_factory=lambda: _env("JOBFEED_PORTAL_URL", "http://127.0.0.1:8080"))
    sendgrid_api_key: str = field(default_factory=lambda: _env("SENDGRID_API_KEY"))
    sendgrid_host: str = field(default_factory=lambda: _env("SENDGRID_HOST", "https://api.sendgrid.com"))
    mail_from: str = field(default_factory=lambda: _env("JOBFEED_MAIL_FROM", "jobs@jobfeed.example"))
    intake_api_key: str = field(default_factory=lambda: _env("JOBFEED_INTAKE_API_KEY"))
    publish_timeout_s: float = field(default_factory=lambda: float(_env("JOBFEED_PUBLISH_TIMEOUT_S", "5")))

    @property
    def storage_emulator_host(self) -> str:
        return _env("STORAGE_EMULATOR_HOST")


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings()
