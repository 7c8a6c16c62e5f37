"""Highest education level and spoken languages."""

from __future__ import annotations

import re

EDUCATION_LEVELS = ("high_school", "associate", "bachelor", "master", "phd")
_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("phd", re.compile(r"\b(?:Ph\.?\s?D|D\.?Phil|Doctorate|Doctor of|Doktor|Dr\.\s?rer|Doctorat)\b", re.I)),
    ("master", re.compile(
        r"\b(?:M\.?\s?Sc|M\.S\.|M\.A\.|Master'?s?|MBA|M\.?\s?Eng|M\.?\s?Tech|Diplom|Magister|Máster|Mestrado|"
        r"Laurea Magistrale)\b",
        re.I,
    )),
    ("bachelor", re.compile(
        r"\b(?:B\.?\s?Sc|B\.S\.|B\.A\.|Bachelor'?s?|B\.?\s?Eng|B\.?\s?Tech|Licenciatura|Licence|Grado|Laurea)\b", re.I
    )),
    ("associate", re.compile(r"\b(?:Associate'?s? (?:degree|of)|A\.A\.S\.?)", re.I)),
    ("high_school", re.compile(r"\b(?:High School|Abitur|Baccalaur[ée]at|A-Levels|GED|Secondary School)\b", re.I)),
)
_NOT_A_DEGREE = re.compile(r"\b(?:scrum ?master|web ?master|quiz ?master|master data|license)\b", re.I)


def education_level(text: str) -> str | None:
    """The highest degree mentioned, as one of EDUCATION_LEVELS, or None."""
    clean = _NOT_A_DEGREE.sub(" ", text)
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(clean):
            return level
    return None


SPOKEN = {
    "English": ("english", "inglés", "englisch", "anglais", "inglese", "inglês"),
    "German": ("german", "deutsch", "alemán", "allemand", "tedesco"),
    "French": ("french", "français", "francais", "französisch", "francés"),
    "Spanish": ("spanish", "español", "espanol", "castellano", "spanisch", "espagnol"),
    "Portuguese": ("portuguese", "português", "portugues"),
    "Italian": ("italian", "italiano", "italienisch"),
    "Dutch": ("dutch", "nederlands", "flemish"),
    "Polish": ("polish", "polski"),
    "Russian": ("russian", "русский"),
    "Ukrainian": ("ukrainian", "українська"),
    "Czech": ("czech", "čeština"),
    "Slovak": ("slovak",),
    "Hungarian": ("hungarian", "magyar"),
    "Romanian": ("romanian", "română"),
    "Bulgarian": ("bulgarian",),
    "Greek": ("greek", "ελληνικά"),
    "Turkish": ("turkish", "türkçe"),
    "Arabic": ("arabic", "العربية"),
    "Hebrew": ("hebrew", "עברית"),
    "Persian": ("persian", "farsi"),
    "Hindi": ("hindi", "हिन्दी"),
    "Bengali": ("bengali", "bangla"),
    "Urdu": ("urdu",),
    "Tamil": ("tamil",),
    "Telugu": ("telugu",),
    "Chinese": ("chinese", "mandarin", "cantonese", "中文", "普通话"),
    "Japanese": ("japanese", "日本語"),
    "Korean": ("korean", "한국어"),
    "Vietnamese": ("vietnamese", "tiếng việt"),
    "Thai": ("thai",),
    "Indonesian": ("indonesian", "bahasa indonesia"),
    "Malay": ("malay", "bahasa melayu"),
    "Swedish": ("swedish", "svenska"),
    "Norwegian": ("norwegian", "norsk"),
    "Danish": ("danish", "dansk"),
    "Finnish": ("finnish", "suomi"),
    "Icelandic": ("icelandic",),
    "Estonian": ("estonian",),
    "Latvian": ("latvian",),
    "Lithuanian": ("lithuanian",),
    "Serbian": ("serbian",),
    "Croatian": ("croatian", "hrvatski"),
    "Slovenian": ("slovenian",),
    "Catalan": ("catalan", "català"),
    "Swahili": ("swahili", "kiswahili"),
    "Tagalog": ("tagalog", "filipino"),
}
_SPOKEN_INDEX = {alias: name for name, aliases in SPOKEN.items() for alias in aliases}
_SPOKEN_RE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, _SPOKEN_INDEX), key=len, reverse=True)) + r")(?!\w)", re.I
)
_LANG_LINE = re.compile(r"^\s*(?:spoken\s+)?(?:languages?|sprachen|langues|idiomas)\s*[:|-]\s*(.+)$", re.I | re.M)


def spoken_languages(languages_section: str, full_text: str) -> list[str]:
    """Languages named in the languages section or on a "Languages: ..." line, in order of mention."""
    text = "\n".join([languages_section, *(m.group(1) for m in _LANG_LINE.finditer(full_text))])
    found: list[str] = []
    for match in _SPOKEN_RE.finditer(text):
        name = _SPOKEN_INDEX[match.group(1).casefold()]
        if name not in found:
            found.append(name)
    return found
