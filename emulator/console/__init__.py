"""A local ops console: recent events per topic, traces, dead letters with replay. `create_app(...)` or
`python -m emulator.console --port N`."""

from emulator.console.app import create_app

__all__ = ["create_app"]
