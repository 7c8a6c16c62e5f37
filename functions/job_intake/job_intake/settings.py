"""Job Intake's settings, parsed once by its composition root (defaults: jobfeed.knobs, docs/settings.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jobfeed.knobs import read
from jobfeed.rate_limit import Limit, hops_from_env, limits_enabled
from jobfeed.settings import Settings


@dataclass(frozen=True)
class IntakeSettings:
    api_key: str = ""  # empty: every upload is refused (401), never accepted unauthenticated
    # Per client address, every request but the health check (so guessing API keys is throttled too); None: off.
    per_client: Limit | None = Limit("intake_per_client", 60, 60)
    address_hops: int = 0  # X-Forwarded-For entries appended by trusted proxies

    @classmethod
    def from_env(cls, env: Mapping[str, str], shared: Settings) -> IntakeSettings:
        per_client = Limit.parse("intake_per_client", read(env, "JOBFEED_RATE_INTAKE_PER_CLIENT"))
        return cls(api_key=shared.intake_api_key, per_client=per_client if limits_enabled(env) else None,
                   address_hops=hops_from_env(env))
