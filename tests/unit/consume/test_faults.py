"""jobfeed.faults: the fault suite's hook, off unless JOBFEED_FAULT_RATE asks for it."""

from __future__ import annotations

import pytest

from jobfeed import faults


@pytest.mark.parametrize("env", [{}, {"JOBFEED_FAULT_RATE": "0"}, {"JOBFEED_FAULT_RATE": " "}])
def test_no_hook_unless_a_rate_is_set(env: dict[str, str]) -> None:
    assert faults.from_env(env) is None


def test_the_hook_fails_at_the_given_rate() -> None:
    draws = iter([0.05, 0.5])
    hook = faults.random_faults(0.1, chance=lambda: next(draws))
    with pytest.raises(faults.InjectedFault, match="before the effect"):
        hook("before the effect")
    hook("after the effect")  # 0.5 >= 0.1: no fault
