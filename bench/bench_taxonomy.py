"""The generated skills taxonomy: its size, how long an instance takes to load it, and whether the committed
file is exactly what tools/build_taxonomy.py makes from the published O*NET and ESCO files, when those optional
sources sit beside the checkout (JOBFEED_TAXONOMY_SOURCES, else ../shared/data/taxonomies); skipped otherwise."""

from __future__ import annotations

import os
import time
from pathlib import Path

from jobfeed import skills
from tools import build_taxonomy

BESIDE = Path(__file__).resolve().parents[2] / "shared" / "data" / "taxonomies"


def run() -> dict[str, float | int | str]:
    skills.load_taxonomy.cache_clear()
    started = time.perf_counter()
    taxonomy = skills.load_taxonomy()
    out: dict[str, float | int | str] = {
        "taxonomy_skills": len(taxonomy.skills),
        "taxonomy_load_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    sources = Path(os.environ.get(build_taxonomy.SOURCE_ENV) or BESIDE)
    if not (sources / "onet").is_dir():
        out["taxonomy_regenerates_identically"] = "skipped (no O*NET/ESCO sources)"
        return out
    regenerated = build_taxonomy.render(build_taxonomy.build(sources))
    out["taxonomy_regenerates_identically"] = int(regenerated == skills.TAXONOMY_PATH.read_text(encoding="utf-8"))
    return out
