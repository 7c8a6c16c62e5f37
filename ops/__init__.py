"""The ops command line: `python -m ops --help`. Works against the emulators (the *_EMULATOR_HOST variables
that `make run` prints) and against real GCP (GOOGLE_CLOUD_PROJECT and application default credentials)."""

import sys
from pathlib import Path

# The shared package, and the Portal's pure feed rules that `rebuild-feed` folds the event log with.
for _source in ("common", "job_portal"):
    _path = str(Path(__file__).resolve().parent.parent / "functions" / _source)
    if _path not in sys.path:
        sys.path.insert(0, _path)
