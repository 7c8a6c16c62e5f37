"""Wait for the pipeline with a deadline instead of sleeping blindly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tenacity import RetryError, Retrying, retry_if_result, stop_after_delay, wait_exponential

T = TypeVar("T")


def wait_for(probe: Callable[[], T | None], timeout: float = 30, what: str = "condition") -> T:
    """Call probe until it returns something truthy (and return that); fail with `what` after timeout seconds.
    An exception from probe is not retried: it fails the test at once."""
    retrying = Retrying(stop=stop_after_delay(timeout), wait=wait_exponential(0.05, max=1),
                        retry=retry_if_result(lambda value: not value))
    try:
        return retrying(probe)  # type: ignore[return-value]
    except RetryError as error:
        raise AssertionError(f"timed out after {timeout}s waiting for {what}") from error
