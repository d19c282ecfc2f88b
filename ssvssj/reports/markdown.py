"""Escaping user text for Markdown, so that a pipe, a bracket or a tag stays text."""

from __future__ import annotations

import re
from functools import lru_cache

from ssvssj.method.characters import BIDI_CLASS

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!{}$@])")
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(://)|(?<![\w.])(www)(\.)", re.IGNORECASE)
# A leading - + = starts a list item, a rule (`---`) or a heading underline (`===`).
_LIST_MARKER = re.compile(r"^([-+=])|^(\d+)([.)])(?=\s|$)")
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CLASS}]")
# Anything the three patterns above could change: text without it is left as it is.
_ANY_SYNTAX = re.compile(r"[\\`*_\[\]<>#|~&!{}$@]|://|www\.|^[-+=]|^\d+[.)]", re.IGNORECASE)
SEEN_TEXTS = 4096  # a report repeats names (touchpoints, owners) thousands of times


def inline(text: object) -> str:
    """Text for a Markdown paragraph or list item: one line, every syntax character escaped."""
    return _inline(str(text))


@lru_cache(maxsize=SEEN_TEXTS)
def _inline(text: str) -> str:
    flat = " ".join(_CONTROL.sub("\ufffd", text).split())
    if _ANY_SYNTAX.search(flat) is None:
        return flat
    escaped = _SPECIAL.sub(r"\\\1", flat)
    escaped = _AUTOLINK.sub(_defuse_autolink, escaped)
    return _LIST_MARKER.sub(_escape_marker, escaped)


def _defuse_autolink(match: re.Match[str]) -> str:
    """GitHub turns `https://…` and `www.…` in text into links; user text stays text."""
    if match.group(1):
        return "\\://"
    return f"{match.group(2)}\\."


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def cell(text: object) -> str:
    """Text for a table cell: as `inline`, never empty (an empty cell reads as a missing one)."""
    escaped = inline(text)
    return escaped if escaped else "—"
