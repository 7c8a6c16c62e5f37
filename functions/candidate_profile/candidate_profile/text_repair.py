"""Make extracted PDF text read like the page: typographic characters, doubled strings, one word per line.

PDF producers and pypdf disagree in a few recurring ways (seen across LaTeX, Google Docs and browser prints):
- a soft hyphen (U+00AD) printed where the author typed "-", ligatures ("ﬁ"), zero-width and non-breaking spaces;
- a broken print that draws every string twice, so each line reads "Senior EngineerSenior Engineer";
- an export that puts every word on its own line.
Each repair is applied only when its pattern dominates the text, so ordinary text is left alone.
"""

from __future__ import annotations

import re

_CHARS = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
_DOUBLED = re.compile(r"(\S.{2,}?)\s*\1")
MIN_LINES = 30  # shorter texts are too small to judge their shape
MAX_DOUBLED_LINE = 300  # the back-reference check is quadratic in a line's length: longer lines are never doubled


def normalise_characters(text: str) -> str:
    # A soft hyphen at a line end is a discretionary break (join the word); anywhere else a producer drew it for
    # a real hyphen ("2016\u00ad2019", "e\u00admail"), so it becomes "-".
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text).replace("\u00ad", "-")
    return text.translate(_CHARS)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def one_word_per_line(text: str) -> bool:
    """True for the degenerate shape some exports give: (nearly) every line a single word."""
    lines = _lines(text)
    return len(lines) >= MIN_LINES and sum(len(line.split()) == 1 for line in lines) / len(lines) >= 0.7


def glued_words(text: str) -> bool:
    """True when the spaces between words are missing (fonts without a space glyph, words placed by kerning):
    a tenth of the "words" run longer than 15 characters, where ordinary text has almost none."""
    words = text.split()
    return len(words) >= 100 and sum(len(w) > 15 for w in words) / len(words) >= 0.1


def degenerate(text: str) -> bool:
    """Plain text that another extractor may read better."""
    return one_word_per_line(text) or glued_words(text)


def _doubled_share(lines: list[str]) -> float:
    long_lines = [line.strip() for line in lines if 6 <= len(line.strip()) <= MAX_DOUBLED_LINE]
    return sum(_DOUBLED.fullmatch(line) is not None for line in long_lines) / max(len(long_lines), 1)


def undouble(text: str) -> str:
    """"Senior EngineerSenior Engineer" -> "Senior Engineer", when most lines of the text are drawn twice."""
    lines = text.splitlines()
    if _doubled_share(lines) < 0.25:
        return text
    out = []
    for line in lines:
        match = _DOUBLED.fullmatch(line.strip()) if len(line) <= MAX_DOUBLED_LINE else None
        out.append(match.group(1) if match else line)
    return "\n".join(out)


def drop_repeated_lines(text: str) -> str:
    """A line drawn twice in a row (the same broken print in layout mode) is kept once."""
    out: list[str] = []
    for line in text.splitlines():
        if out and line.strip() and line.strip() == out[-1].strip():
            continue
        out.append(line)
    return "\n".join(out)


def join_single_words(text: str) -> str:
    """Rebuild lines from one-word-per-line text: a blank line or a word ending a sentence or a date ends a line."""
    out: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        word = line.strip()
        if not word:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(word)
        if word[-1] in ".:;!?|" or len(current) >= 12:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n".join(out)


def repair(text: str) -> str:
    """Every repair above, each only where its pattern dominates."""
    text = normalise_characters(text)
    text = undouble(text)
    if one_word_per_line(text):
        text = join_single_words(text)
    return text
