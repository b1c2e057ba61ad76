"""Untrusted text (names, quotes, cells) shown by Qt as exactly what it is."""

from __future__ import annotations

import html


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt guesses rich text in tooltips, so the text is
    escaped inside a block that keeps its line breaks ("" stays "": no tooltip)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""
