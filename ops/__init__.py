"""The ops command line: `python -m ops --help`. Works against the emulators (the *_EMULATOR_HOST variables
that `make run` prints) and against real GCP (GOOGLE_CLOUD_PROJECT and application default credentials).

The shared package and the Portal's and Event Log's entry points it uses are on the path through the venv's
jobfeed-dev.pth (`make setup`), not by changing sys.path here."""
