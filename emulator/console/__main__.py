"""Run the console: `python -m emulator.console --host 127.0.0.1 --port 8620 --inbox-url http://127.0.0.1:8603/`.
It reads the emulators named by the environment (PUBSUB_EMULATOR_HOST, FIRESTORE_EMULATOR_HOST)."""

import argparse

from werkzeug.serving import run_simple

from emulator.console.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="Loopback by default: the console can replay messages.")
    parser.add_argument("--port", type=int, default=8620)
    parser.add_argument("--inbox-url", default="", help="The mail sink's inbox page, linked from the console.")
    args = parser.parse_args()
    run_simple(args.host, args.port, create_app(inbox_url=args.inbox_url, hosts=(args.host,)), threaded=True)


if __name__ == "__main__":
    main()
