"""What a rendering shows of the cases spotted at each touchpoint, as one part per touchpoint.

A part is made from the cases spotted at one touchpoint alone (and from what its kind names of
the journey beside them, such as its language), so it can be kept under a hash of exactly
that and made again only for a touchpoint whose cases changed: what depends on other cases too
(where a spelling lies) is settled when the parts are put together. A
rendering asks for the parts of a kind (`Parts`) and puts them together with the journey's
own data; `parts_from_cases` makes them from the journey's cases, which is what a kept part
must equal. Pure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from ssvssj.journey.infer import Journey

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

T = TypeVar("T")


@dataclass(frozen=True)
class Kind(Generic[T]):
    """One kind of part. `made` reads the journey (only what `context` names of it) and the
    cases spotted at a touchpoint, in id order; `from_json` undoes `as_json` and raises
    NotKept for data of any other shape."""

    name: str
    made: Callable[[Journey, str, Sequence[AnyCase]], T]
    as_json: Callable[[T], Any]
    from_json: Callable[[Any], T]
    context: Callable[[Journey], list[str]]


class Parts(Protocol):
    """Each touchpoint's part of `kind`, by name: every touchpoint of the journey and every
    place a case is spotted at."""

    def __call__(self, kind: Kind[T], /) -> dict[str, T]: ...


def spotted_ids(journey: Journey) -> dict[str, list[str]]:
    """The ids of the cases spotted at each place, in id order: every touchpoint (none spotted
    at a blind one) and every place a case is spotted at."""
    found: dict[str, list[str]] = {tp.name: [] for tp in journey.touchpoints}
    for case_id, place in journey.spots.items():
        found.setdefault(place, []).append(case_id)
    for ids in found.values():
        ids.sort()
    return found


def parts_from_cases(journey: Journey) -> Parts:
    """Parts made from the journey's cases."""

    def parts(kind: Kind[T]) -> dict[str, T]:
        spotted: dict[str, list[AnyCase]] = {name: [] for name in spotted_ids(journey)}
        for case in sorted(journey.cases, key=lambda c: c.id):
            spotted[journey.spots[case.id]].append(case)
        return {name: kind.made(journey, name, cases) for name, cases in spotted.items()}

    return parts
