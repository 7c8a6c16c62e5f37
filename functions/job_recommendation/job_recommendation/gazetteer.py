"""A small gazetteer from the IANA time-zone tables: about 400 cities, each with its country and UTC offset.

zone.tab maps a zone ("Europe/Berlin") to a country code, iso3166.tab a code to a name; the zone's city is
its last part. That is enough to know that Berlin is in Germany and that Seoul is UTC+9, without a GIS
dependency. Offsets are taken in mid-January (standard time): postings' time-zone bands are that coarse.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

_REFERENCE = datetime(2026, 1, 15, 12)
# Names people write that the ISO table spells differently.
_ALIASES = {"gb": ("united kingdom", "uk", "great britain"), "us": ("united states", "usa", "us"),
            "kr": ("south korea", "korea"), "ae": ("uae",), "nl": ("holland",), "cz": ("czechia",)}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """city -> zone, country code -> its names (lower case)."""
    base = resources.files("tzdata") / "zoneinfo"
    countries: dict[str, tuple[str, ...]] = {}
    for line in _rows(base / "iso3166.tab"):
        code, name = line[0].lower(), line[1].lower()
        plain = tuple(p.strip() for p in name.replace(")", "").split("(") if p.strip())
        countries[code] = tuple(dict.fromkeys(plain + _ALIASES.get(code, ())))
    cities: dict[str, str] = {}
    for line in _rows(base / "zone.tab"):
        zone = line[2]
        cities.setdefault(zone.rsplit("/", 1)[-1].replace("_", " ").lower(), f"{line[0]}|{zone}")
    return cities, countries


def _rows(path: resources.abc.Traversable) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def city_countries(city: str) -> tuple[str, ...]:
    """The names of the country a known city is in ('berlin' -> ('germany',)); () when unknown."""
    cities, countries = _tables()
    found = cities.get(city)
    if found is None:
        return ()
    return countries.get(found.split("|")[0].lower(), ())


# Regions postings use for remote limits; a candidate's place names them when they wrote them.
REGIONS = frozenset({"eu", "europe", "emea", "apac", "asia", "africa", "americas", "latam", "north america",
                     "south america", "oceania", "nordics", "dach", "benelux"})


def is_country(name: str) -> bool:
    """A country (by any name the table or the aliases know) or a region postings use."""
    return name in REGIONS or name in _country_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(n for names in _tables()[1].values() for n in names)


@lru_cache(maxsize=4096)
def city_offset(city: str) -> float | None:
    """UTC offset of a known city in hours, in standard time; None when unknown."""
    found = _tables()[0].get(city)
    if found is None:
        return None
    offset = ZoneInfo(found.split("|")[1]).utcoffset(_REFERENCE)
    return None if offset is None else offset.total_seconds() / 3600
