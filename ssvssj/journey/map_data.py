"""What the printable journey map shows, gathered from the journey as plain data. Pure.

One column per touchpoint in journey order: its stage, owner, the open pains and gains spotted
there, the customer's mood there (a score from open pains and gains, unknown without evidence),
its top pains and one customer quote; between columns, handover problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING, Any

from ssvssj.i18n import pick
from ssvssj.journey.infer import Journey
from ssvssj.journey.parts import Kind, Parts, parts_from_cases
from ssvssj.journey.shapes import checked, maybe_text, maybe_whole, text, texts, whole

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


@dataclass(frozen=True)
class Spotted:
    """What the map shows of the cases spotted at one touchpoint (a part, journey/parts.py);
    `customers` are their distinct `scene.customer` texts, for the Mermaid journey's actors."""

    open_pains: int
    heat: float
    score: int | None
    pains: tuple[Pain, ...]
    quote: str | None
    customers: tuple[str, ...]


def spotted(journey: Journey, name: str, cases: Sequence[AnyCase]) -> Spotted:
    """The map's part of a touchpoint, from the cases spotted there."""
    here = sorted(cases, key=lambda c: (-(c.severity or 0), c.id))
    pains = [c for c in here if not c.is_gain]
    open_pains = [c for c in pains if c.is_open]
    customers = {c.scene.customer for c in cases if c.scene is not None and c.scene.customer}
    return Spotted(
        open_pains=len(open_pains),
        heat=float(sum(c.severity or UNRATED_WEIGHT for c in open_pains)),
        score=mood_score(open_pains, len(here) - len(pains), len(pains) - len(open_pains)),
        pains=tuple(
            Pain(c.severity, " ".join(c.spot.problem.split())) for c in open_pains[:TOP_PAINS]
        ),
        quote=_quote(here),
        customers=tuple(sorted(customers)),
    )


def _spotted_json(part: Spotted) -> list[Any]:
    return [
        part.open_pains,
        part.heat,
        part.score,
        [[pain.severity, pain.text] for pain in part.pains],
        part.quote,
        list(part.customers),
    ]


def _spotted_from_json(value: Any) -> Spotted:
    checked(type(value) is list and len(value) == 6)
    open_pains, heat, score, pains, quote, customers = value
    checked(type(heat) is float and type(pains) is list and len(pains) <= TOP_PAINS)
    rated = []
    for pain in pains:
        checked(type(pain) is list and len(pain) == 2)
        rated.append(Pain(maybe_whole(pain[0]), text(pain[1])))
    return Spotted(
        whole(open_pains),
        heat,
        maybe_whole(score),
        tuple(rated),
        maybe_text(quote),
        tuple(texts(customers)),
    )


SPOTTED: Kind[Spotted] = Kind("map", spotted, _spotted_json, _spotted_from_json, lambda _: [])


def map_data(journey: Journey, title: str, parts: Parts | None = None) -> MapData:
    """The map's content: everything it prints, nothing about where. `parts` give what it
    shows of each touchpoint's cases (else they are made from the journey's cases)."""
    lang = journey.language
    here = (parts or parts_from_cases(journey))(SPOTTED)
    columns = []
    blind = set(journey.blind_spots)
    for tp in journey.touchpoints:
        part = here[tp.name]
        columns.append(
            Column(
                name=tp.name,
                stage=tp.stage,
                owner=tp.owner,
                key=bool(tp.key),
                blind=tp.name in blind,
                open_pains=part.open_pains,
                heat=part.heat,
                gains=len(tp.gains),
                score=part.score,
                pains=part.pains,
                quote=part.quote,
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


def _quote(cases: Sequence[AnyCase]) -> str | None:
    """The first piece of evidence of the worst case here that has any."""
    for case in cases:
        for item in case.spot.evidence:
            text = " ".join(item.split())
            if text:
                return text
    return None


QUOTATION_MARKS = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"', "'": "'"}


def in_quotation_marks(text: str) -> str:
    """A quote as the map shows it: in “ ” unless the evidence is written in marks of its own."""
    closing = QUOTATION_MARKS.get(text[:1])
    if closing is not None and len(text) > 1 and text.endswith(closing):
        return text
    return f"“{text}”"
