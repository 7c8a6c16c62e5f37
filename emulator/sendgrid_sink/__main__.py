"""Run the sink: `python -m emulator.sendgrid_sink --host 127.0.0.1 --port 8025` (key from SENDGRID_API_KEY)."""

import argparse
import os

from werkzeug.serving import run_simple

from emulator.sendgrid_sink.app import create_app

DEFAULT_KEY = "SG.local-sink-key"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--api-key", default=os.environ.get("SENDGRID_API_KEY", DEFAULT_KEY))
    args = parser.parse_args()
    run_simple(args.host, args.port, create_app(args.api_key), threaded=True)


if __name__ == "__main__":
    main()
