"""A posting's HTML (or plain text) as blocks a reader can follow: headings, list items and paragraphs.

Sections matter more than words here: "Python" under "Nice to have" is not "Python" under "Requirements".
HTML is parsed with selectolax (Lexbor); script, style and the like are dropped with their content."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobfeed.skills import find_skills

Kind = Literal["heading", "item", "para"]

_DROPPED = ("script", "style", "noscript", "template", "iframe", "svg", "head", "object")
_BLOCKS = {"p", "div", "li", "ul", "ol", "br", "tr", "td", "th", "table", "section", "article", "header", "footer",
           "blockquote", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "main", "aside"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD = {"strong", "b", "u"}  # pages mark a heading up with any of these
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·●▪◦‣∙*–—-]|\d{1,2}[.)]|â€¢|”¢)\s+")
_MAX_HEADING = 90
# HTML5 tree building slows down sharply with nesting depth (50,000 nested <div> take seconds to parse), so
# markup is measured first with one linear scan: no real page nests anywhere near this deep.
MAX_DEPTH = 1000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^>]{0,2000}?(/?)>")
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track",
         "p", "li", "dt", "dd", "option", "tr", "td", "th"}  # void, or closed implicitly by sloppy pages


class TooDeep(ValueError):
    """Markup nested deeper than MAX_DEPTH: refused rather than parsed."""


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


def looks_like_html(text: str) -> bool:
    return re.search(r"</?(?:p|div|li|ul|br|h[1-6]|strong|span|b)\b[^>]*>", text[:20_000], re.IGNORECASE) is not None


def unescape_markup(text: str) -> str:
    """Greenhouse (and some JSON-LD) send HTML whose markup is entity-escaped: `&lt;p&gt;`. Unescape it once."""
    return html.unescape(text) if "&lt;" in text and not looks_like_html(text) else text


def check_depth(markup: str) -> None:
    depth = 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.groups()
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > MAX_DEPTH:
            raise TooDeep(f"the HTML is nested more than {MAX_DEPTH} elements deep")


def blocks_from_html(markup: str) -> list[Block]:
    markup = unescape_markup(markup)
    check_depth(markup)
    tree = LexborHTMLParser(markup)
    tree.strip_tags(list(_DROPPED))
    root = tree.body or tree.root
    return _walk(root) if root is not None else []


def blocks_from_text(text: str) -> list[Block]:
    """Plain text: a bulleted line is an item; a short line ending with ':' or followed by items is a heading."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    blocks: list[Block] = []
    for number, line in enumerate(lines):
        if _BULLET.match(line):
            blocks.append(Block("item", _BULLET.sub("", line)))
        elif _heading_like(line, lines[number + 1] if number + 1 < len(lines) else ""):
            blocks.append(Block("heading", line.rstrip(":").strip()))
        else:
            blocks.append(Block("para", line))
    return blocks


def plain_text(blocks: list[Block]) -> str:
    return "\n".join(f"• {b.text}" if b.kind == "item" else b.text for b in blocks)


def _heading_like(line: str, following: str) -> bool:
    if len(line) > _MAX_HEADING or line.endswith((".", ",", ";")):
        return False
    return line.endswith(":") or (bool(_BULLET.match(following)) and len(line.split()) <= 8)


class _Open:
    """A block being filled while walking the tree: its text and how much of it was bold."""

    def __init__(self, tag: str):
        self.tag, self.parts, self.bold = tag, [], 0

    def add(self, text: str, bold: bool) -> None:
        self.parts.append(text)
        self.bold += len(text.strip()) if bold else 0


def _walk(root: LexborNode) -> list[Block]:
    # An explicit stack instead of recursion: hostile HTML nested 100,000 deep must not hit the recursion limit.
    # Each entry: the node (None closes a block), how many bold ancestors, and the nearest li/h* ancestor's tag.
    blocks: list[Block] = []
    current = _Open("p")
    stack: list[tuple[LexborNode | None, int, str]] = [(root, 0, "p")]
    while stack:
        node, bold, context = stack.pop()
        if node is None:
            current = _flush(blocks, current, context)
            continue
        tag = node.tag or ""
        if tag == "-text":
            current.add(node.text_content or "", bold > 0)
            continue
        inner_context = tag if tag == "li" or tag in _HEADINGS else context
        if tag in _BLOCKS:
            current = _flush(blocks, current, inner_context)
            stack.append((None, bold, context))
        inner_bold = bold + (tag in _BOLD or (tag == "span" and _BOLD_STYLE.search(node.attributes.get("style") or "")
                                              is not None))
        stack.extend((child, inner_bold, inner_context) for child in reversed(list(node.iter(include_text=True))))
    _flush(blocks, current, "p")
    return blocks


def _flush(blocks: list[Block], current: _Open, next_tag: str) -> _Open:
    text = " ".join("".join(current.parts).split())
    if text:
        blocks.append(Block(_kind(current, text), text))
    return _Open(next_tag)


def _kind(block: _Open, text: str) -> Kind:
    if block.tag in _HEADINGS:
        return "heading"
    bold_heading = block.bold >= 0.9 * len(text.replace(" ", "")) and len(text) <= _MAX_HEADING
    if block.tag == "li":
        # A list used as the page's layout: a bold item that names a section ("Requirements", "Bonus") is a
        # heading; any other bold item is still an item ("**Kubernetes**", "**Strong Python skills**").
        return "heading" if bold_heading and _names_a_section(text) else "item"
    return "heading" if bold_heading or (text.endswith(":") and len(text) <= _MAX_HEADING) else "para"


def _names_a_section(text: str) -> bool:
    from .sections import section_of  # sections reads Blocks from here: imported when first needed

    return len(text.split()) <= 6 and section_of(text) != "unknown" and not find_skills(text, vocabulary="posting")
