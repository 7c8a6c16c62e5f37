"""A local, SendGrid-compatible mail sink: `create_app(api_key)` or `python -m emulator.sendgrid_sink`."""

from emulator.sendgrid_sink.app import create_app

__all__ = ["create_app"]
