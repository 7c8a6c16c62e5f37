"""`make bench`: runs every bench/bench_*.py, prints one table, writes bench-results.json (one key per figure).

    python -m bench.run [AREA ...]     # e.g. `python -m bench.run profile` for bench_profile only
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in ("functions/common", "functions/candidate_profile", "functions/job_recommendation",
             "functions/notification", "functions/job_portal", "functions/job_intake", "."):
    if str(ROOT / path) not in sys.path:
        sys.path.insert(0, str(ROOT / path))


def areas(selected: list[str]) -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))
    return [a for a in found if not selected or a in selected]


def main(argv: list[str]) -> int:
    results: dict[str, float | int | str] = {}
    for area in areas(argv):
        started = time.monotonic()
        print(f"running bench_{area} ...", flush=True)
        figures = importlib.import_module(f"bench.bench_{area}").run()
        results.update(figures)
        print(f"  done in {time.monotonic() - started:.1f}s", flush=True)
    width = max((len(key) for key in results), default=10)
    print(f"\n{'figure'.ljust(width)}  value")
    for key, value in results.items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        print(f"{key.ljust(width)}  {shown}")
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(f"\nwrote {ROOT / 'bench-results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
