"""Generate functions/common/jobfeed/taxonomy/skills.json from O*NET, ESCO and our curated files.

    python tools/build_taxonomy.py --source DIR [--out PATH] [--check]

DIR holds `onet/` (O*NET 29.2 Technology Skills) and `esco/` (ESCO 1.1.1 skills CSVs) as published; the
environment variable JOBFEED_TAXONOMY_SOURCES may name it instead of --source.

Sources, in order of priority (a spelling belongs to the first skill that claims it):
1. tools/taxonomy/curated_skills.yaml: our hand-kept skills with the spellings people use (k8s, Postgres, GCP);
2. O*NET 29.2 Technology Skills: product names across every occupation, categorised by UNSPSC commodity;
3. ESCO 1.1.1: knowledge concepts (nouns such as "geographic information systems") outside the transversal
   level, and the transversal collection as soft skills.
tools/taxonomy/rules.yaml adds vendor prefixes, commodity -> category, ambiguous words and their modes, and words
that never count on their own. Output is deterministic (sorted, no timestamps) so the committed file can be
compared with a regenerated one.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "tools" / "taxonomy" / "curated_skills.yaml"
RULES = ROOT / "tools" / "taxonomy" / "rules.yaml"
OUT = ROOT / "functions" / "common" / "jobfeed" / "taxonomy" / "skills.json"
# Where the published O*NET and ESCO files are: not part of the repository (their licences, and their size).
SOURCE_ENV = "JOBFEED_TAXONOMY_SOURCES"
FORMAT = 1

_ACRONYM_TAIL = re.compile(r"^(.*\S)\s+([A-Z][A-Z0-9&+./-]{1,9})$")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,4}")
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")
_WORD = re.compile(r"[a-z]+")
MAX_WORDS = 5
MAX_CHARS = 48


def key(text: str) -> str:
    """The same folding jobfeed.skills uses: spaces and hyphens do not tell spellings apart."""
    return re.sub(r"[\s\-‐–]+", "", text).casefold()


def _fold(text: str) -> str:
    return " ".join(re.split(r"[\s\-‐–]+", text.strip())).casefold()


@dataclass
class Entry:
    name: str
    category: str
    source: str
    aliases: list[str] = field(default_factory=list)  # case-insensitive
    cased: list[str] = field(default_factory=list)
    mode: str = "cased"  # how the cased spellings count: cased | list | context
    esco: str | None = None
    typed_only: bool = False  # known to normalise typed names and postings, never searched for in free text


class Builder:
    def __init__(self, common: set[str], never: set[str]) -> None:
        self.entries: dict[str, Entry] = {}
        self.labels: dict[str, str] = {}  # category -> the title people read; ours come from rules.yaml
        self.owner: dict[str, str] = {}  # folded spelling -> canonical name
        self.common = common
        self.never = never

    def claim(self, entry: Entry, spelling: str, *, cased: bool = False) -> None:
        spelling = " ".join(spelling.split())
        k = key(spelling)
        if not k or self.owner.get(k, entry.name) != entry.name:
            return
        if spelling in entry.aliases or spelling in entry.cased:
            return
        if not cased and any(_fold(a) == _fold(spelling) for a in entry.aliases):
            return  # the same words in another case or with other spaces: the matcher cannot tell them apart
        self.owner[k] = entry.name
        (entry.cased if cased else entry.aliases).append(spelling)

    def add(self, entry: Entry, spellings: list[str], cased: list[str] | None = None) -> None:
        self.entries[entry.name] = entry
        for spelling in spellings:
            self.claim(entry, spelling)
        for spelling in cased or []:
            self.claim(entry, spelling, cased=True)

    def existing(self, spellings: list[str]) -> Entry | None:
        """The skill that already owns one of these spellings, singular or plural ("RESTful API(s)")."""
        for spelling in spellings:
            k = key(spelling)
            for variant in (k, k + "s", k[:-1] if k.endswith("s") and len(k) > 3 else k):
                name = self.owner.get(variant)
                if name:
                    return self.entries[name]
        return None

    def usable(self, spelling: str) -> bool:
        words = spelling.split()
        if not words or len(words) > MAX_WORDS or len(spelling) > MAX_CHARS or len(key(spelling)) < 2:
            return False
        return spelling.casefold() not in self.never

    def merge_or_add(self, name: str, category: str, source: str, spellings: list[str], esco: str | None = None):
        spellings = [s for s in dict.fromkeys(spellings) if self.usable(s)]
        if not spellings:
            return
        # A one-word spelling that is also an everyday word ("Word", "drainage") only counts in a list, in the
        # case it is printed; it never merges two skills.
        plain = [s for s in spellings if not self.is_common(s)]
        common = [s for s in spellings if self.is_common(s)]
        # A short acronym of a longer name counts only in capitals: "LES" is a product, "les" a French article.
        capitals = [s for s in plain if _ACRONYM.fullmatch(s) and s != name]
        plain = [s for s in plain if s not in capitals]
        found = self.existing(plain + capitals)
        if found:
            for spelling in plain:
                self.claim(found, spelling)
            for spelling in capitals:
                self.claim(found, spelling, cased=True)
            return
        if name in self.entries or not self.usable(name) or (not plain and not common):
            return
        # ESCO's own concepts are broad fields ("waste management", "psychology") that resumes mention as context
        # (studies, interests, an employer's trade): on the real development set 1 in 11 found was a skill the
        # person claimed. They stay in the taxonomy for typed skills and postings, not for free-text search.
        entry = Entry(name, category, source, esco=esco, typed_only=source == "esco")
        if common and not plain:
            entry.mode = "list"
        self.add(entry, plain, [*common, *capitals])
        if not entry.aliases and not entry.cased:
            del self.entries[name]

    def all_common(self, spelling: str) -> bool:
        return all(w.casefold() in self.common for w in spelling.split())

    def is_common(self, spelling: str) -> bool:
        return " " not in spelling and spelling.casefold() in self.common


def read_curated(builder: Builder, rules: dict) -> None:
    raw = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
    for category, items in raw.items():
        for item in items:
            name = str(item["name"])
            cased = [str(c) for c in item.get("cased", [])]
            spellings = ([] if name in cased else [name]) + [str(a) for a in item.get("aliases", [])]
            mode = "list" if item.get("strict") else "cased"
            if category == "domains" and " " not in name and name not in cased:
                # An industry named by one word is a company's name as often as a skill ("Lumen Retail").
                spellings, cased, mode = spellings[1:], [*cased, name], "list"
            # `postings: true`: a profession's skill in everyday words ("monitoring", "prospecting"), searched in
            # postings' formal text only, like ESCO's concepts (jobfeed.skills, vocabulary="posting").
            entry = Entry(name, category, "ours", mode=mode, typed_only=bool(item.get("postings")))
            builder.add(entry, spellings, cased)
    for word, rule in sorted(rules["ambiguous"].items()):
        entry = builder.entries.get(rule["skill"])
        if entry is None:
            entry = Entry(rule["skill"], rule.get("category", "tools"), "ours")
            builder.add(entry, [rule["skill"]] if rule["skill"] != word else [])
        entry.mode = rule["mode"]
        for spelling in rule["spellings"]:
            if key(spelling) in {key(a) for a in entry.aliases}:
                entry.aliases = [a for a in entry.aliases if key(a) != key(spelling)]
                builder.owner.pop(key(spelling), None)
            builder.claim(entry, spelling, cased=True)
    for name, aliases in sorted(rules["aliases"].items()):
        entry = builder.entries.get(name) or builder.existing([name])
        if entry:
            for alias in aliases:
                builder.claim(entry, alias)


def _slug(title: str) -> str:
    # Never cut short: a category name is shown to candidates ("What we read from your resume"), and two long
    # titles sharing their first 40 characters would fall into one category.
    title = re.sub(r"\bsoftware\b", "", title)
    return re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_") or "tools"


def _label(title: str) -> str:
    """A source's category title as a person reads it: "Social and communication skills and competences"."""
    title = " ".join(re.sub(r"\bsoftware\b", "", title).split())
    return (title[:1].upper() + title[1:]) or "Tools"


def _is_initialism(acronym: str, phrase: str, common: set[str]) -> bool:
    """"SQL" for "Structured query language", not "API" for "LINDO Systems LINDO" nor "THESIS" for anything."""
    if len(acronym) < 3 or acronym.casefold() in common or not any(c.islower() for c in phrase):
        return False
    initials = iter("".join(w[0] for w in phrase.split()).casefold())
    return all(c in initials for c in acronym.casefold() if c.isalpha())


def onet_spellings(example: str, vendors: list[str], common: set[str]) -> tuple[str, list[str]]:
    """(canonical name, spellings) for an O*NET product string such as "Microsoft Visual Basic for Applications VBA"."""
    full = example.strip()
    base = re.sub(r"\s+software$", "", full)
    spellings = [base, full]
    acronym = _ACRONYM_TAIL.match(base)
    stem = base
    if acronym and _is_initialism(acronym.group(2), acronym.group(1), common):
        stem = acronym.group(1)
        spellings += [stem, acronym.group(2)]
    for vendor in vendors:
        for text in (base, stem):
            rest = text[len(vendor) + 1:]
            everyday = all(w.casefold() in common for w in rest.split())  # "Marketing Automation" is not a product
            if text.startswith(vendor + " ") and len(rest) > 1 and not everyday:
                spellings.append(rest)
    name = base
    return name, spellings


def read_onet(builder: Builder, folder: Path, rules: dict) -> None:
    vendors = sorted(rules["vendors"], key=len, reverse=True)
    categories = rules["commodity_categories"]
    path = folder / "onet" / "Technology Skills.txt"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    # The commodity a product is most often filed under is its category.
    by_example: dict[str, Counter[str]] = {}
    for row in rows:
        by_example.setdefault(row["Example"], Counter())[row["Commodity Title"]] += 1
    hot = {row["Example"] for row in rows if row["Hot Technology"] == "Y"}
    # Hot technologies first: their spellings win collisions with obscure products.
    for example in sorted(by_example, key=lambda e: (e not in hot, e)):
        commodity = sorted(by_example[example].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if _is_placeholder(example, commodity, builder):
            continue
        name, spellings = onet_spellings(example, vendors, builder.common)
        category = categories.get(commodity) or _slug(commodity)
        builder.labels.setdefault(category, _label(commodity))
        builder.merge_or_add(name, category, "onet", spellings)


def _is_placeholder(example: str, commodity: str, builder: Builder) -> bool:
    if example.casefold() == commodity.casefold():
        return True
    if not example.endswith(" software"):
        return False
    rest = example[: -len(" software")]
    return all(w.casefold() in builder.common or w.islower() for w in rest.split())


def _esco_parents(folder: Path) -> dict[str, str]:
    parents: dict[str, str] = {}
    with (folder / "esco" / "broaderRelationsSkillPillar.csv").open(encoding="utf-8") as f:
        for row in sorted(csv.DictReader(f), key=lambda r: (r["conceptUri"], r["broaderUri"])):
            parents.setdefault(row["conceptUri"], row["broaderUri"])
    return parents


def _esco_category(uri: str, parents: dict[str, str], level1: dict[str, str]) -> str:
    seen = set()
    while uri in parents and uri not in seen:
        seen.add(uri)
        uri = parents[uri]
        if uri in level1:
            return level1[uri]
    return "knowledge"


def _esco_level1(folder: Path, categories: dict[str, str], labels: dict[str, str]) -> dict[str, str]:
    """Level-1 group URI -> our category (rules.yaml), or the group's own slug (its title goes into labels)."""
    names: dict[str, str] = {}
    with (folder / "esco" / "skillsHierarchy_en.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            term = row.get("Level 1 preferred term")
            if row.get("Level 1 URI") and term:
                names[row["Level 1 URI"]] = categories.get(term) or _slug(term)
                labels.setdefault(names[row["Level 1 URI"]], _label(term))
    return names


_GENERIC_TAIL = re.compile(r"\s+(?:techniques?|methods?|methodolog(?:y|ies)|strateg(?:y|ies)|principles?|practices?|"
                           r"processes|procedures?|concepts?|theory|theories|tools?|software)$", re.IGNORECASE)


def _esco_alias_ok(alias: str, preferred: str) -> bool:
    # ESCO's alternative labels mix true variants with loose relatives ("drainage" for rainwater management):
    # keep acronyms and product-like names (a capital or a digit), spelling variants of the preferred label and
    # shorter forms made of its own words ("remote sensing" for "remote sensing techniques").
    if any(c.isupper() or c.isdigit() for c in alias):
        return True
    if key(alias).rstrip("s") == key(preferred).rstrip("s"):
        return True
    words = alias.casefold().split()
    return len(words) >= 2 and set(words) <= set(preferred.casefold().split())


def _esco_forms(label: str, competence: bool) -> list[str]:
    """The noun phrases a resume would print: "execute email marketing" -> "email marketing",
    "social media marketing techniques" -> "social media marketing" (and nothing for "cleaning techniques":
    a generic tail on an everyday word is not a skill anyone lists)."""
    label = _PAREN.sub(" ", label).strip()
    if competence:  # ESCO competences start with a verb; resumes name the thing itself
        label = label.split(" ", 1)[1] if " " in label else ""
    shorter = _GENERIC_TAIL.sub("", label)
    if shorter != label:
        return [shorter] if len(shorter.split()) >= 2 else []
    return [label] if label else []


def read_esco(builder: Builder, folder: Path, rules: dict) -> None:
    parents = _esco_parents(folder)
    level1 = _esco_level1(folder, rules["esco_categories"], builder.labels)
    with (folder / "esco" / "languageSkillsCollection_en.csv").open(encoding="utf-8") as f:
        spoken = {row["conceptUri"] for row in csv.DictReader(f)}  # "French" is a language, not a skill here
    with (folder / "esco" / "skills_en.csv").open(encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["conceptUri"])
    for row in rows:
        if row["conceptUri"] in spoken:
            continue
        transversal = row["reuseLevel"] == "transversal"
        competence = row["skillType"] != "knowledge"
        forms = _esco_forms(row["preferredLabel"], competence and not transversal)
        if not forms:
            continue
        preferred = forms[0]
        alts = [a.strip() for a in row["altLabels"].splitlines() if a.strip()]
        spellings = [*forms, *(a for a in alts if not competence and _esco_alias_ok(a, preferred))]
        if competence and not transversal:
            # A competence's noun phrase counts only when it is specific: two words at least, not all everyday.
            spellings = [s for s in spellings if len(s.split()) >= 2 and not builder.all_common(s)]
            if not spellings:
                continue
            preferred = spellings[0]
        category = "soft_skills" if transversal else _esco_category(row["conceptUri"], parents, level1)
        name = preferred[:1].upper() + preferred[1:]
        builder.merge_or_add(name, category, "esco", spellings, esco=row["conceptUri"].rsplit("/", 1)[-1])


def common_words(folder: Path) -> set[str]:
    """Everyday English words: lower-case words used at least three times in ESCO's and O*NET's prose."""
    counts: Counter[str] = Counter()
    with (folder / "esco" / "skills_en.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            counts.update(_WORD.findall(row["description"]))
    with (folder / "onet" / "Occupation Data.txt").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            counts.update(_WORD.findall(row["Description"]))
    return {w for w, n in counts.items() if n >= 3}


def build(folder: Path) -> dict:
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    builder = Builder(common_words(folder), {w.casefold() for w in map(str, rules["never"])})
    builder.labels.update(rules["category_labels"])
    read_curated(builder, rules)
    read_onet(builder, folder, rules)
    read_esco(builder, folder, rules)
    skills = []
    for entry in sorted(builder.entries.values(), key=lambda e: e.name.casefold() + "\0" + e.name):
        item: dict = {"n": entry.name, "c": entry.category, "a": [a for a in entry.aliases if a != entry.name]}
        if key(entry.name) not in {key(s) for s in entry.aliases}:
            item["x"] = 1  # the name itself is not matched (e.g. an ambiguous word only in its cased forms)
        if entry.cased:
            item["k"] = entry.cased
            item["m"] = entry.mode
        if entry.typed_only:
            item["t"] = 1
        if entry.source != "ours":
            item["s"] = entry.source
        if entry.esco:
            item["e"] = entry.esco
        skills.append(item)
    used = {item["c"] for item in skills}
    labels = {c: builder.labels.get(c) or _label(c.replace("_", " ")) for c in sorted(used)}
    return {"format": FORMAT, "sources": ["ours", "O*NET 29.2", "ESCO v1.1.1"], "categories": labels,
            "skills": skills}


def render(data: dict) -> str:
    # One skill per line: compact enough to load fast, still diffable in review.
    head = json.dumps({k: v for k, v in data.items() if k != "skills"}, ensure_ascii=False)[:-1]
    lines = [json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in data["skills"]]
    return head + ', "skills": [\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get(SOURCE_ENV)
    parser.add_argument("--source", type=Path, default=Path(default) if default else None, required=not default)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args(argv)
    if not (args.source / "onet").is_dir() or not (args.source / "esco").is_dir():
        print(f"taxonomy sources not found under {args.source}", file=sys.stderr)
        return 2
    text = render(build(args.source))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs from a regenerated one")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text) // 1024} KB, {text.count(chr(10)) - 1} skills)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
