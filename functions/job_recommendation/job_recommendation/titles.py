"""Job titles reduced to comparable token sets: lower case, phrases and synonyms folded, seniority words dropped.

Seniority words are dropped because seniority is scored on its own; counting it twice would let
"Senior Nurse" look closer to "Senior Engineer" than "Engineer" does.
"""

import re
from functools import lru_cache

_PHRASES = (
    (re.compile(r"\bback[\s-]?end\b"), "backend"),
    (re.compile(r"\bfront[\s-]?end\b"), "frontend"),
    (re.compile(r"\bfull[\s-]?stack\b"), "fullstack"),
    (re.compile(r"\bdev[\s-]?ops\b"), "devops"),
    (re.compile(r"\bmachine learning\b|\bartificial intelligence\b"), "ml"),
    (re.compile(r"\bsite reliability\b"), "sre"),
    (re.compile(r"\bquality assurance\b"), "qa"),
    (re.compile(r"\bproduct owner\b"), "product manager"),
)
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "developer": ("engineer",),
    "dev": ("engineer",),
    "programmer": ("engineer",),
    "eng": ("engineer",),
    "engineering": ("engineer",),
    "swe": ("software", "engineer"),
    "sde": ("software", "engineer"),
    "ai": ("ml",),
    "js": ("javascript",),
    "mgr": ("manager",),
    "pm": ("product", "manager"),
    "admin": ("administrator",),
    "sysadmin": ("systems", "administrator"),
}
_DROP = frozenset(
    "senior sr junior jr lead principal staff mid level head chief "
    "i ii iii iv and of the for in at a an with to".split()
)
MAX_TITLE_TOKENS = 8  # the index keeps a fixed-width row of token ids per title; longer titles are cut
_TOKEN = re.compile(r"[a-z0-9+#]+(?:\.[a-z0-9]+)*")


@lru_cache(maxsize=65536)
def title_tokens(title: str) -> frozenset[str]:
    """Normalised tokens of a title; cached, so equal titles share one frozenset in memory."""
    text = title.lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    tokens: list[str] = []
    for word in _TOKEN.findall(text):
        tokens.extend(_SYNONYMS.get(word, (word,)))
    kept = [t for t in dict.fromkeys(tokens) if t not in _DROP]
    return frozenset(kept[:MAX_TITLE_TOKENS])


def title_similarity(profile_titles: tuple[frozenset[str], ...], job_title: frozenset[str]) -> float:
    """Best Jaccard similarity between the job's title and any of the candidate's titles."""
    best = 0.0
    for tokens in profile_titles:
        inter = len(tokens & job_title)
        if inter:
            best = max(best, inter / (len(tokens) + len(job_title) - inter))
    return best
