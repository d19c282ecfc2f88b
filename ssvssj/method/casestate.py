"""What a case's state, severity and path are, read from its fields: one definition for the
full case (a validated model) and the lean one a journey holds, so the two never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol


def _solved(statuses: set[str]) -> bool:
    """Solved: some live solution, and every live one done or verified."""
    return bool(statuses) and statuses <= {"done", "verified"}


class _Status(Protocol):
    @property
    def status(self) -> str: ...


class CaseState:
    """Derived values over `spot`, `scene`, `split`, `solve`, `dropped`, `created` and
    `updated`, which each kind of case holds in its own way."""

    __slots__ = ()

    if TYPE_CHECKING:
        created: date
        updated: date | None
        dropped: str | None
        spot: Any
        scene: Any
        split: Sequence[Any]

        @property
        def live_solutions(self) -> Sequence[_Status]: ...

    def _statuses(self) -> set[str]:
        return {s.status for s in self.live_solutions}

    @property
    def solved(self) -> bool:
        return _solved(self._statuses())

    @property
    def verified(self) -> bool:
        return self._statuses() == {"verified"}

    @property
    def is_dropped(self) -> bool:
        return bool(self.dropped)

    @property
    def is_open(self) -> bool:
        return not self.solved and not self.is_dropped

    @property
    def state(self) -> str:
        """`dropped`, `verified`, `solved` or `open`, with the live solutions listed once: a
        check asks every case for it."""
        if self.is_dropped:
            return "dropped"
        statuses = self._statuses()
        if not _solved(statuses):
            return "open"
        return "verified" if statuses == {"verified"} else "solved"

    @property
    def is_gain(self) -> bool:
        return bool(self.spot.kind == "gain")

    @property
    def severity(self) -> int | None:
        """The spot's severity, else the worst detail's; None when unrated (未评) or a gain."""
        if self.is_gain:
            return None
        if self.spot.severity is not None:
            return int(self.spot.severity)
        found = [d.severity for d in self.split if d.severity is not None]
        return max(found) if found else None

    @property
    def last_updated(self) -> date:
        return self.updated or self.created

    @property
    def observed(self) -> date:
        return self.spot.observed or self.created

    def path(self) -> list[str]:
        """The customer's path as written; a case without one still passes its spot, and
        through the handover it lies on (`spot.from`)."""
        if self.scene is not None and self.scene.path:
            return list(self.scene.path)
        if self.spot.from_:
            return [self.spot.from_, self.spot.touchpoint]
        return [self.spot.touchpoint]
