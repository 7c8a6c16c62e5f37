"""`make bench`: runs every bench/bench_*.py, prints one table, writes bench-results.json (one key per figure).

    make bench [AREAS="AREA ..."]      # e.g. `make bench AREAS=profile` for bench_profile only

The benches import every function's package: `make bench` puts them on PYTHONPATH (nothing here changes sys.path).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
