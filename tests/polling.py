"""Wait for the pipeline with a deadline instead of sleeping blindly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_exponential

T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float = 30, what: str = "condition") -> T:
    """Call probe until it returns something truthy; fail with `what` after timeout seconds."""
    try:
        for attempt in Retrying(stop=stop_after_delay(timeout), wait=wait_exponential(0.05, max=1),
                                retry=retry_if_result(lambda value: not value)):
            with attempt:
                result = probe()
            if not attempt.retry_state.outcome.failed:  # type: ignore[union-attr]
                attempt.retry_state.set_result(result)
        return result  # type: ignore[return-value]
    except RetryError as error:
        raise AssertionError(f"timed out after {timeout}s waiting for {what}") from error
