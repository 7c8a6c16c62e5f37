"""The local stack. Its tools import the common package the functions use, from the repo's functions/common."""

import sys
from pathlib import Path

_COMMON = str(Path(__file__).resolve().parent.parent / "functions" / "common")
if _COMMON not in sys.path:
    sys.path.insert(0, _COMMON)
