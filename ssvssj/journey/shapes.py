"""Kept JSON read back by its shape: each value is what it was written as, or the whole kept
value is refused (NotKept) and made again from the cases. Checks go a whole list at a time
where they can: a kept journey holds lists of every case's id."""

from __future__ import annotations

from typing import Any

ONLY_TEXT = {str}


class NotKept(ValueError):
    """Kept data that is not of the shape it is read as."""


def checked(test: bool) -> None:
    if not test:
        raise NotKept


def text(value: Any) -> str:
    checked(type(value) is str)
    return value


def maybe_text(value: Any) -> str | None:
    return None if value is None else text(value)


def texts(value: Any) -> list[str]:
    """A list of texts as it was read (its items' types told apart without a call per item)."""
    checked(type(value) is list and (not value or set(map(type, value)) == ONLY_TEXT))
    return value


def whole(value: Any) -> int:
    checked(type(value) is int)
    return value


def maybe_whole(value: Any) -> int | None:
    return None if value is None else whole(value)
