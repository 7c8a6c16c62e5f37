"""A small HTML audit for the portal's pages, built on the standard library's html.parser."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

CONTROLS = {"input", "select", "textarea"}
NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Page:
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    wrapped: set[int] = field(default_factory=set)  # indexes of controls inside a <label>
    text: str = ""

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def by_id(self, element_id: str) -> dict[str, str]:
        return next(attrs for _, attrs in self.elements if attrs.get("id") == element_id)

    def controls(self) -> list[tuple[int, str, dict[str, str]]]:
        return [(i, name, attrs) for i, (name, attrs) in enumerate(self.elements)
                if name in CONTROLS and attrs.get("type") not in NOT_LABELLED]

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if "id" in attrs]

    def forms(self) -> list[dict[str, str]]:
        return self.all("form")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.in_label = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "label":
            self.in_label += 1
            if "for" in values:
                self.page.label_for.add(values["for"])
        if tag in CONTROLS and self.in_label:
            self.page.wrapped.add(len(self.page.elements))
        self.page.elements.append((tag, values))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser.page.text = " ".join(" ".join(parser.texts).split())
    return parser.page


def accessibility_problems(html: str) -> list[str]:
    """Controls without a label, dangling aria-describedby ids, duplicate ids."""
    page = parse(html)
    problems = []
    ids = page.ids()
    problems += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for index, tag, attrs in page.controls():
        if attrs.get("id") not in page.label_for and index not in page.wrapped:
            problems.append(f"{tag} {attrs.get('name')} has no label")
    for _, attrs in page.elements:
        for ref in attrs.get("aria-describedby", "").split():
            if ref not in ids:
                problems.append(f"aria-describedby points to missing {ref}")
    return problems
