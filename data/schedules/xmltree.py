"""A schedule file's XML as a small tree of elements that remember their line, parsed through
``defusedxml`` with document type declarations, entities and external references refused (no
entity-expansion bomb, no file or network access). The readers' problems point at those lines.

Nothing of the XML is interpreted here: tags, attributes and text, as the file gives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from data.report import LoadError

# What may come before the root element: the declaration and instructions, comments, a DOCTYPE.
_SKIPPED = ((b"<?", b"?>"), (b"<!--", b"-->"), (b"<!", b">"))


def first_tag(head: bytes) -> bytes | None:
    """The first element's start tag in a file's first bytes (``<project name="…" …>``, cut
    short at the end of ``head``), past a BOM, the XML declaration, comments and a DOCTYPE;
    None when the bytes do not begin as XML. UTF-16 (with its BOM) is read as UTF-8."""
    text = _ascii(head)
    at = _first_element(text)
    if at is None:
        return None
    end = text.find(b">", at)
    return text[at : end + 1 if end >= 0 else len(text)]


def _ascii(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 with a BOM decoded, a UTF-8 BOM dropped)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf")


def _first_element(text: bytes) -> int | None:
    """Where the first element starts, past the XML declaration, comments and instructions
    (None when anything but white space comes before it: not an XML file)."""
    at = 0
    while True:
        after = at
        at = text.find(b"<", at)
        if at < 0 or text[after:at].strip():
            return None
        closing = next((c for o, c in _SKIPPED if text.startswith(o, at)), None)
        if closing is None:
            return at
        at = text.find(closing, at)
        if at < 0:
            return None
        at += len(closing)


@dataclass
class Node:
    """One element: its tag (a namespace as ``{uri}tag``), attributes, 1-based line, children
    and text (the characters directly inside it, stripped)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> Node | None:
        """The first child element named ``tag``, or None."""
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        """The child elements named ``tag``, in file order."""
        return [c for c in self.children if c.tag == tag]


class _Builder:
    """ElementTree's parser target: builds :class:`Node` s, reading each start tag's line from
    the expat parser underneath."""

    def __init__(self) -> None:
        self.expat: Any = None
        self.stack: list[Node] = []
        self.texts: list[list[str]] = []
        self.root: Node | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs), int(self.expat.CurrentLineNumber))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        self.texts.append([])

    def data(self, text: str) -> None:
        if self.texts:
            self.texts[-1].append(text)

    def end(self, tag: str) -> None:
        self.stack.pop().text = "".join(self.texts.pop()).strip()

    def close(self) -> Node | None:
        return self.root


def parse(data: bytes, name: str, what: str) -> Node:
    """The root element of ``data``; :class:`LoadError` naming ``name`` when the bytes are not
    whole, well-formed XML or declare a DTD or entities (``what`` names the format expected)."""
    builder = _Builder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    try:
        parser.feed(data)
        parser.close()
    except defusedxml.DefusedXmlException as error:
        raise LoadError(
            f"{name}: refused: the XML declares a document type or entities ({type(error).__name__}"
            "), which a schedule file never needs (an entity-expansion bomb or an external "
            "reference is how such files attack a reader)"
        ) from error
    except SyntaxError as error:  # ElementTree's ParseError: malformed or cut short
        raise LoadError(f"{name}: not readable as {what}: the XML is broken ({error})") from error
    if builder.root is None:
        raise LoadError(f"{name}: not readable as {what}: no XML element in the file")
    return builder.root
