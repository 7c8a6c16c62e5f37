"""Event Log: an append-only record of every event, for tracing flows and rebuilding read models."""
