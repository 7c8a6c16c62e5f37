"""Settings every function shares, parsed from the environment: the same names work against the emulators and
against real GCP. Defaults are jobfeed.knobs' (docs/settings.md lists them).

The Google clients read PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST and STORAGE_EMULATOR_HOST themselves;
nothing here special-cases local runs beyond passing those through.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from .knobs import read


@dataclass(frozen=True)
class Settings:
    project_id: str = "jobfeed-local"
    function_name: str = "local"
    resumes_bucket: str = "jobfeed-local-resumes"
    snapshots_bucket: str = ""
    portal_base_url: str = "http://127.0.0.1:8080"
    sendgrid_api_key: str = ""
    sendgrid_host: str = "https://api.sendgrid.com"
    mail_from: str = "jobs@jobfeed.example"
    intake_api_key: str = ""
    publish_timeout_s: float = 5.0
    storage_emulator_host: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        return cls(
            project_id=read(env, "GOOGLE_CLOUD_PROJECT"),
            # Terraform sets JOBFEED_FUNCTION; Cloud Run's K_SERVICE names the service when it is missing.
            function_name=env.get("JOBFEED_FUNCTION", "").strip() or env.get("K_SERVICE", "").strip() or "local",
            resumes_bucket=read(env, "JOBFEED_RESUMES_BUCKET"),
            snapshots_bucket=read(env, "JOBFEED_SNAPSHOTS_BUCKET"),
            portal_base_url=read(env, "JOBFEED_PORTAL_URL"),
            sendgrid_api_key=read(env, "SENDGRID_API_KEY"),
            sendgrid_host=read(env, "SENDGRID_HOST"),
            mail_from=read(env, "JOBFEED_MAIL_FROM"),
            intake_api_key=read(env, "JOBFEED_INTAKE_API_KEY"),
            publish_timeout_s=float(read(env, "JOBFEED_PUBLISH_TIMEOUT_S")),
            storage_emulator_host=env.get("STORAGE_EMULATOR_HOST", ""),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """This process's shared settings (composition roots take an env of their own: `bootstrap(env)`)."""
    return Settings.from_env(os.environ)
