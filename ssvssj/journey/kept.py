"""A journey as JSON data and back, so that it can be kept and read again without its cases.

Everything a rendering reads of a journey is in the data except the cases themselves: their
count, each one's severity (the order of pains) and the newest `updated` are, and the cases
are read again only by a rendering that shows what they say (`DeferredCases`). Reading back
checks the shape of every part; anything else is None, and the journey is inferred again.
Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

from ssvssj.journey.agreed import Disagreement
from ssvssj.journey.infer import (
    ELEMENTS,
    Cause,
    DeferredCases,
    Journey,
    Names,
    Pathway,
    RecurringCause,
    Stage,
    Touchpoint,
)
from ssvssj.journey.shapes import ONLY_TEXT, NotKept, checked, maybe_text, text, texts, whole
from ssvssj.journey.vocabulary import Vocabulary

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase

KEPT_FORMAT = 2


def journey_json(journey: Journey) -> dict[str, Any]:
    """The journey as JSON data (its cases only by id and severity)."""
    names = journey.names
    agreement = journey.agreement
    return {
        "format": KEPT_FORMAT,
        "language": journey.language,
        "segment": journey.segment,
        "agreed_order": journey.agreed_order,
        "cases": [list(journey.severities), list(journey.severities.values())],
        "newest": journey.newest.isoformat() if journey.newest else None,
        "stages": [
            [
                s.name,
                s.order,
                s.touchpoints,
                s.pinned,
                s.gaps,
                [[element, present] for element, present in s.elements.items()],
                s.agreed,
            ]
            for s in journey.stages
        ],
        "touchpoints": [
            [
                t.name,
                t.order,
                t.stage,
                t.cases,
                t.open,
                t.severity,
                t.aliases_seen,
                t.lenses,
                t.on_paths,
                t.gains,
                t.touched,
                t.owner,
                t.channel,
                t.key,
                t.promise,
                t.pain,
            ]
            for t in journey.touchpoints
        ],
        "pathways": [[p.source, p.target, p.count, p.cases, p.problems] for p in journey.pathways],
        "blind_spots": journey.blind_spots,
        "recurring": [[r.detail, r.touchpoints, r.cases] for r in journey.recurring],
        "lens_spread": [[lens, places] for lens, places in journey.lens_spread.items()],
        "edges": [[a, b, count] for (a, b), count in journey.edges.items()],
        "spots": journey.spots,
        "paths": [[list(path), ids] for path, ids in journey.taken.items()],
        "handovers": journey.handovers,
        "causes": [
            [c.name, c.cases, c.touchpoints, c.solutions, c.verified, c.owner]
            for c in journey.causes
        ],
        "agreement": None
        if agreement is None
        else [
            agreement.reversed_pairs,
            agreement.unplaced,
            agreement.rejected_seen,
            [[stage, missing] for stage, missing in agreement.stages_missing],
            agreement.cases_after,
            agreement.validated_on.isoformat() if agreement.validated_on else None,
        ],
        "names": None if names is None else [names.display, names.keys],
    }


def _flag(value: Any) -> bool:
    checked(type(value) is bool)
    return value


def _maybe_number(value: Any) -> float | None:
    checked(value is None or type(value) in (int, float))
    return value


def _text_map(value: Any) -> dict[str, str]:
    """A mapping of texts to texts (each case's spot), as it was read."""
    checked(type(value) is dict and set(map(type, value)) <= ONLY_TEXT)
    checked(set(map(type, value.values())) <= ONLY_TEXT)
    return value


def _severities(value: Any) -> dict[str, int | None]:
    """Each case's severity by its id, kept as the two lists of ids and severities: checked a
    whole list at a time, not a case at a time."""
    ids, severities = value
    checked(type(severities) is list and set(map(type, severities)) <= {int, type(None)})
    return dict(zip(texts(ids), severities, strict=True))


def _paths(value: Any) -> tuple[dict[str, list[str]], dict[tuple[str, ...], list[str]]]:
    """Each case's path, and the journey's `taken`: kept once a distinct path with the ids of
    the cases that took it, as `taken` gives them (many cases take the same few paths)."""
    checked(type(value) is list and set(map(type, value)) <= {list})
    checked(set(map(len, value)) <= {2})
    paths = [path for path, _ in value]
    ids = [taken for _, taken in value]
    checked(set(map(type, chain(paths, ids))) <= {list})
    checked(set(map(type, chain.from_iterable(chain(paths, ids)))) <= ONLY_TEXT)
    found = {case_id: path for path, taken in value for case_id in taken}
    checked(len(found) == sum(map(len, ids)))
    return found, {tuple(path): taken for path, taken in value}


def _pairs(value: Any) -> list[tuple[str, str]]:
    checked(type(value) is list)
    return [(text(a), text(b)) for a, b in value]


def _counted(value: Any) -> list[tuple[str, str, int]]:
    checked(type(value) is list)
    return [(text(a), text(b), whole(n)) for a, b, n in value]


def journey_from_json(
    data: Any, cases: Callable[[list[str]], Sequence[AnyCase]] | Sequence[AnyCase]
) -> Journey:
    """A journey back from `journey_json`'s data. `cases` are its cases in id order, or what
    reads them (given their ids) when a rendering first asks; NotKept for data of any other
    shape."""
    try:
        return _journey(data, cases)
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise NotKept from error


def _journey(
    data: Any, cases: Callable[[list[str]], Sequence[AnyCase]] | Sequence[AnyCase]
) -> Journey:
    checked(type(data) is dict and data.get("format") == KEPT_FORMAT)
    severities = _severities(data["cases"])
    ids = list(severities)
    if callable(cases):
        load = cases
        chosen: Sequence[AnyCase] = DeferredCases(len(ids), lambda: load(ids))
    else:
        chosen = cases
        checked([case.id for case in chosen] == ids)
    stages = []
    for name, order, touchpoints, pinned, gaps, elements, agreed in data["stages"]:
        present = {text(element): _flag(flag) for element, flag in elements}
        checked(set(present) <= set(ELEMENTS))
        stages.append(
            Stage(
                text(name),
                whole(order),
                texts(touchpoints),
                _flag(pinned),
                texts(gaps),
                present,
                _flag(agreed),
            )
        )
    touchpoints = [
        Touchpoint(
            name=text(name),
            order=whole(order),
            stage=text(stage),
            cases=texts(pains),
            open=whole(open_count),
            severity=_maybe_number(severity),
            aliases_seen=texts(aliases),
            lenses=texts(lenses),
            on_paths=whole(on_paths),
            gains=texts(gains),
            touched=texts(touched),
            owner=maybe_text(owner),
            channel=maybe_text(channel),
            key=None if key is None else _flag(key),
            promise=maybe_text(promise),
            pain=float(_maybe_number(pain) or 0.0),
        )
        for (
            name,
            order,
            stage,
            pains,
            open_count,
            severity,
            aliases,
            lenses,
            on_paths,
            gains,
            touched,
            owner,
            channel,
            key,
            promise,
            pain,
        ) in data["touchpoints"]
    ]
    pathways = [
        Pathway(text(a), text(b), whole(count), texts(on), texts(problems))
        for a, b, count, on, problems in data["pathways"]
    ]
    causes = [
        Cause(
            text(name),
            texts(ids_),
            texts(places),
            _pairs(solutions),
            _pairs(verified),
            maybe_text(owner),
        )
        for name, ids_, places, solutions, verified, owner in data["causes"]
    ]
    paths, taken = _paths(data["paths"])
    journey = Journey(
        cases=chosen,
        stages=stages,
        touchpoints=touchpoints,
        pathways=pathways,
        blind_spots=texts(data["blind_spots"]),
        recurring=[
            RecurringCause(text(detail), texts(places), texts(ids_))
            for detail, places, ids_ in data["recurring"]
        ],
        lens_spread={text(lens): texts(places) for lens, places in data["lens_spread"]},
        edges={(text(a), text(b)): whole(count) for a, b, count in data["edges"]},
        spots=_text_map(data["spots"]),
        paths=paths,
        language=text(data["language"]),
        agreement=_agreement(data["agreement"]),
        handovers=_text_map(data["handovers"]),
        causes=causes,
        agreed_order=texts(data["agreed_order"]),
        segment=maybe_text(data["segment"]),
        names=_names(data["names"]),
        severities=severities,
        newest=None if data["newest"] is None else date.fromisoformat(text(data["newest"])),
        taken=taken,
    )
    return journey


def _agreement(value: Any) -> Disagreement | None:
    if value is None:
        return None
    reversed_pairs, unplaced, rejected_seen, stages_missing, cases_after, validated_on = value
    return Disagreement(
        reversed_pairs=_counted(reversed_pairs),
        unplaced=texts(unplaced),
        rejected_seen=_counted(rejected_seen),
        stages_missing=[(text(stage), texts(missing)) for stage, missing in stages_missing],
        cases_after=whole(cases_after),
        validated_on=None if validated_on is None else date.fromisoformat(text(validated_on)),
    )


def _names(value: Any) -> Names | None:
    if value is None:
        return None
    display, keys = value
    names = Names.settled(Vocabulary(), _text_map(display))
    names.keys = _text_map(keys)
    return names
