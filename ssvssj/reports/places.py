"""A case's place in the journey, as its report shows it. Pure.

A case report shows facts of the whole journey: the stage and order of its touchpoint, the
touchpoint's neighbours, the other cases there, how many cases there are. They do not depend on
which case is reported, so they are one small outline of the journey: made once from it, kept
as JSON, and then any case's report is made from the case's own file and the outline, in a
workspace of any size. Every case report goes through the outline, so a kept one and a fresh
one give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ssvssj.journey.infer import Journey

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

OTHERS_SHOWN = 10  # other cases at the same touchpoint, the most severe first


@dataclass(frozen=True)
class Stop:
    """One touchpoint of the journey, in order: its stage, how many pains were spotted there,
    and the first of them, the most severe first."""

    name: str
    stage: str
    cases: int
    worst: tuple[str, ...]


@dataclass(frozen=True)
class Outline:
    """What every case report needs of the workspace and its journey."""

    name: str
    language: str
    cases: int
    date: str | None
    display: dict[str, str]  # the touchpoint each spelling's name key stands for
    stops: tuple[Stop, ...]

    def workspace(self) -> dict[str, Any]:
        """The `workspace` a report template sees."""
        return {
            "name": self.name,
            "language": self.language,
            "cases": self.cases,
            "date": self.date,
        }


@dataclass(frozen=True)
class Place:
    """Where one case sits: its touchpoint, handover and path by their journey names, the
    touchpoint's stage, order (0-based) and neighbours, and the other cases there."""

    spot: str
    handover: str | None
    path: list[str]
    stage: str
    order: int
    touchpoints: int
    journey_before: str | None
    journey_after: str | None
    others: list[str]
    others_count: int


def outline_of(journey: Journey, name: str) -> Outline:
    newest = journey.newest
    return Outline(
        name=name,
        language=journey.language,
        cases=len(journey.cases),
        date=newest.isoformat() if newest else None,
        display=dict(journey.names.display) if journey.names is not None else {},
        stops=tuple(
            Stop(
                t.name,
                t.stage,
                len(t.cases),
                tuple(journey.worst_first(t.name)[: OTHERS_SHOWN + 1]),
            )
            for t in journey.touchpoints
        ),
    )


def place_of(case: AnyCase, outline: Outline, names: Callable[[str], str]) -> Place | None:
    """The case's place, with `names` mapping a spelling to its journey name; None when the
    outline does not know the case's touchpoints (it was made from other files)."""
    try:
        spot = names(case.spot.touchpoint)
        path = [names(tp) for tp in case.path()]
        handover = names(case.spot.from_) if case.spot.from_ else None
    except KeyError:
        return None
    order = next((at for at, stop in enumerate(outline.stops) if stop.name == spot), None)
    if order is None:
        return None
    stop = outline.stops[order]
    others = [cid for cid in stop.worst if cid != case.id]
    return Place(
        spot=spot,
        handover=handover,
        path=path,
        stage=stop.stage,
        order=order,
        touchpoints=len(outline.stops),
        journey_before=outline.stops[order - 1].name if order > 0 else None,
        journey_after=outline.stops[order + 1].name if order + 1 < len(outline.stops) else None,
        others=others[:OTHERS_SHOWN],
        others_count=stop.cases - 1,
    )


def outline_json(outline: Outline) -> dict[str, Any]:
    return {
        **outline.workspace(),
        "display": outline.display,
        "stops": [[s.name, s.stage, s.cases, list(s.worst)] for s in outline.stops],
    }


def outline_from_json(value: Any) -> Outline | None:
    """An outline as `outline_json` wrote it; None for anything else (a kept value is never
    trusted to have a shape)."""
    if type(value) is not dict or value.keys() != {
        "name",
        "language",
        "cases",
        "date",
        "display",
        "stops",
    }:
        return None
    display, stops = value["display"], value["stops"]
    if not (
        isinstance(value["name"], str)
        and isinstance(value["language"], str)
        and type(value["cases"]) is int
        and (value["date"] is None or isinstance(value["date"], str))
        and type(display) is dict
        and all(isinstance(k, str) and isinstance(v, str) for k, v in display.items())
        and type(stops) is list
        and all(_is_stop(stop) for stop in stops)
    ):
        return None
    return Outline(
        value["name"],
        value["language"],
        value["cases"],
        value["date"],
        display,
        tuple(Stop(name, stage, cases, tuple(worst)) for name, stage, cases, worst in stops),
    )


def _is_stop(value: Any) -> bool:
    return (
        type(value) is list
        and len(value) == 4
        and isinstance(value[0], str)
        and isinstance(value[1], str)
        and type(value[2]) is int
        and type(value[3]) is list
        and all(isinstance(cid, str) for cid in value[3])
    )
