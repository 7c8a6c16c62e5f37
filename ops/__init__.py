"""The ops command line: `python -m ops --help`. Works against the emulators (the *_EMULATOR_HOST variables
that `make run` prints) and against real GCP (GOOGLE_CLOUD_PROJECT and application default credentials)."""

import sys
from pathlib import Path

_COMMON = str(Path(__file__).resolve().parent.parent / "functions" / "common")
if _COMMON not in sys.path:
    sys.path.insert(0, _COMMON)
