"""What the printable journey map shows, gathered from the journey as plain data. Pure.

One column per touchpoint in journey order: its stage, owner, the open pains and gains spotted
there, the customer's mood there (a score from open pains and gains, unknown without evidence),
its top pains and one customer quote; between columns, handover problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

from ssvssj.i18n import pick
from ssvssj.journey.infer import Journey

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

TOP_PAINS = 3
UNRATED_WEIGHT = 3


@dataclass(frozen=True)
class Pain:
    severity: int | None
    text: str


@dataclass(frozen=True)
class Column:
    name: str
    stage: str
    owner: str | None
    key: bool
    blind: bool
    open_pains: int
    heat: float
    gains: int
    score: int | None
    pains: tuple[Pain, ...]
    quote: str | None


@dataclass(frozen=True)
class StageSpan:
    name: str
    first: int
    last: int
    agreed: bool


@dataclass(frozen=True)
class Handover:
    source: int
    target: int
    count: int


@dataclass(frozen=True)
class MapData:
    title: str
    subtitle: str
    language: str
    columns: tuple[Column, ...]
    stages: tuple[StageSpan, ...]
    handovers: tuple[Handover, ...] = ()


def mood_score(open_pains: list[AnyCase], gains: int, solved: int) -> int | None:
    """The customer's mood at a touchpoint, 1 (worst) to 5 (best), from open pains and gains:
    5 only where there are gains and no open pain; None where there is no evidence at all."""
    if open_pains:
        rated = [c.severity for c in open_pains if c.severity is not None]
        severity = fmean(rated) if rated else UNRATED_WEIGHT
        return max(1, min(4, 6 - int(severity + 0.5)))
    if gains:
        return 5
    return 4 if solved else None


def map_data(journey: Journey, title: str) -> MapData:
    """The map's content: everything it prints, nothing about where."""
    lang = journey.language
    spotted: dict[str, list[AnyCase]] = {}
    for case in journey.cases:
        spotted.setdefault(journey.spots[case.id], []).append(case)
    heat_of: dict[str, float] = {}
    columns = []
    blind = set(journey.blind_spots)
    for tp in journey.touchpoints:
        here = sorted(spotted.get(tp.name, []), key=lambda c: (-(c.severity or 0), c.id))
        pains = [c for c in here if not c.is_gain]
        open_pains = [c for c in pains if c.is_open]
        gains = len(tp.gains)
        heat_of[tp.name] = float(sum(c.severity or UNRATED_WEIGHT for c in open_pains))
        columns.append(
            Column(
                name=tp.name,
                stage=tp.stage,
                owner=tp.owner,
                key=bool(tp.key),
                blind=tp.name in blind,
                open_pains=len(open_pains),
                heat=heat_of[tp.name],
                gains=gains,
                score=mood_score(open_pains, gains, len(pains) - len(open_pains)),
                pains=tuple(
                    Pain(c.severity, " ".join(c.spot.problem.split()))
                    for c in open_pains[:TOP_PAINS]
                ),
                quote=_quote(here),
            )
        )
    position = {tp.name: tp.order for tp in journey.touchpoints}
    stages = tuple(
        StageSpan(
            s.name,
            min(position[t] for t in s.touchpoints),
            max(position[t] for t in s.touchpoints),
            s.agreed,
        )
        for s in journey.stages
        if s.touchpoints
    )
    subtitle = pick(
        "Customer journey map · {cases} case(s) · as of {day}",
        "客户旅程图 · {cases} 个案例 · 截至 {day}",
        lang,
    ).format(cases=len(journey.cases), day=_as_of(journey))
    if journey.segment:
        subtitle += pick(" · customer segment: {text}", " · 客户细分：{text}", lang).format(
            text=journey.segment
        )
    handovers = tuple(
        Handover(position[p.source], position[p.target], len(p.problems))
        for p in journey.pathways
        if p.problems
    )
    return MapData(" ".join(title.split()), subtitle, lang, tuple(columns), stages, handovers)


def _as_of(journey: Journey) -> str:
    return journey.newest.isoformat() if journey.newest else "—"


def _quote(cases: list[AnyCase]) -> str | None:
    """The first piece of evidence of the worst case here that has any."""
    for case in cases:
        for item in case.spot.evidence:
            text = " ".join(item.split())
            if text:
                return text
    return None
