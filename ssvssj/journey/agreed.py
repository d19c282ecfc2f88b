"""The agreed journey (journey.yaml): what a workshop settled, and how it is written back.

A workshop agrees on stage names and their order, on the order of touchpoints (often only some
of them) and on pathways that are noise. The inferred journey follows it; cases that disagree
are shown, not hidden. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ssvssj.i18n import tr
from ssvssj.journey.vocabulary import Vocabulary, name_key

if TYPE_CHECKING:
    from ssvssj.journey.agreed_file import AgreedFile
    from ssvssj.journey.infer import Journey

JOURNEY_FILE = "journey.yaml"


@dataclass(frozen=True)
class Agreed:
    """The agreed journey with names as written; matched to touchpoints when applied."""

    validated_on: date | None = None
    stages: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_file(cls, data: AgreedFile) -> Agreed:
        return cls(
            data.validated_on,
            tuple(data.stages),
            tuple(data.order),
            tuple((pair[0], pair[1]) for pair in data.rejected),
        )


@dataclass(frozen=True)
class Conflict:
    """A place in journey.yaml that cannot hold: (field, message) for `check`."""

    field: str
    message: str


def conflicts(data: AgreedFile, vocab: Vocabulary) -> list[Conflict]:
    """Names given twice, and stages pinned in touchpoints.yaml that the agreed list lacks."""
    found: list[Conflict] = []
    seen: dict[str, str] = {}
    for index, stage in enumerate(data.stages):
        key = name_key(stage)
        if key in seen:
            found.append(
                Conflict(
                    f"stages[{index}]",
                    tr(
                        "stage '{name}' is named twice",
                        "阶段“{name}”重复出现",
                        name=stage,
                    ),
                )
            )
        seen[key] = stage
    if data.stages:
        for stage in sorted(set(vocab.stages.values())):
            if name_key(stage) not in seen:
                found.append(
                    Conflict(
                        "stages",
                        tr(
                            "stage '{name}' is pinned in touchpoints.yaml but not in stages",
                            "阶段“{name}”在 touchpoints.yaml 中被指定，但不在 `stages` 中",
                            name=stage,
                        ),
                    )
                )
    placed: dict[str, str] = {}
    for index, name in enumerate(data.order):
        key = _touchpoint_key(vocab, name)
        if key in placed:
            found.append(
                Conflict(
                    f"order[{index}]",
                    tr(
                        "'{name}' is the same touchpoint as '{other}', already in order",
                        "“{name}”与 `order` 中已有的“{other}”是同一个触点",
                        name=name,
                        other=placed[key],
                    ),
                )
            )
        placed[key] = name
    for index, (source, target) in enumerate(data.rejected):
        if name_key(vocab.canonical(source) or source) == name_key(
            vocab.canonical(target) or target
        ):
            found.append(
                Conflict(
                    f"rejected[{index}]",
                    tr(
                        "a pathway leads from one touchpoint to another, not to itself",
                        "通路连接两个不同的触点，不能指向自身",
                    ),
                )
            )
    return found


def _touchpoint_key(vocab: Vocabulary, name: str) -> str:
    return name_key(vocab.canonical(name) or name)


@dataclass
class Disagreement:
    """Where the cases disagree with the agreed journey (empty lists: they agree)."""

    reversed_pairs: list[tuple[str, str, int]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    rejected_seen: list[tuple[str, str, int]] = field(default_factory=list)
    stages_missing: list[tuple[str, list[str]]] = field(default_factory=list)
    cases_after: int = 0
    validated_on: date | None = None

    @property
    def agrees(self) -> bool:
        return not (
            self.reversed_pairs or self.unplaced or self.rejected_seen or self.stages_missing
        )


def accepted_document(
    journey: Journey,
    vocab: Vocabulary,
    existing: dict[str, Any] | None,
    review_date: date,
    force: bool,
) -> dict[str, Any]:
    """journey.yaml for `journey accept`: the journey as inferred now.

    On an existing file only what is new is added (stages and touchpoints it does not name yet,
    each after its nearest predecessor that it names), so hand edits survive; `force` takes
    stages and order from the inference. Rejected pathways are always kept. Only named stages
    (pinned in touchpoints.yaml or already agreed) are written: a generated label is not a name
    the workshop agreed on.
    """
    stages = [s.name for s in journey.stages if s.pinned or s.agreed]
    order = [t.name for t in journey.touchpoints]
    if existing is None or force:
        kept_stages: list[str] = []
        kept_order: list[str] = []
    else:
        kept_stages = [str(s) for s in existing.get("stages") or []]
        kept_order = [str(t) for t in existing.get("order") or []]
    doc: dict[str, Any] = {"schema_version": 1, "validated_on": review_date}
    doc["stages"] = merged_names(kept_stages, stages, name_key)
    doc["order"] = merged_names(kept_order, order, lambda name: _touchpoint_key(vocab, name))
    rejected = existing.get("rejected") if existing else None
    if rejected:
        doc["rejected"] = [[str(a), str(b)] for a, b in rejected]
    return doc


def unnamed_stages(journey: Journey) -> list[str]:
    """Stages with a generated label, left out of journey.yaml until the workshop names them."""
    return [s.name for s in journey.stages if not (s.pinned or s.agreed)]


def merged_names(kept: list[str], inferred: list[str], key: Callable[[str], str]) -> list[str]:
    """`kept` as it is, with each inferred name it lacks inserted after the nearest inferred
    predecessor that it has (at the front when there is none)."""
    result = list(kept)
    keys = [key(name) for name in result]
    for index, name in enumerate(inferred):
        if key(name) in keys:
            continue
        at = 0
        for before in reversed(inferred[:index]):
            if key(before) in keys:
                at = keys.index(key(before)) + 1
                break
        result.insert(at, name)
        keys.insert(at, key(name))
    return result


Votes = Mapping[tuple[str, str], int]


def follow_agreed(inferred: Sequence[str], agreed: Sequence[str], votes: Votes) -> list[str]:
    """The agreed touchpoints in the agreed order; every other one inserted where the paths'
    precedence votes agree with it most, ties resolved next to its inferred neighbours."""
    present = set(inferred)
    order = [name for name in agreed if name in present]
    placed = set(order)
    for index, node in enumerate(inferred):
        if node in placed:
            continue
        anchor = 0
        for before in reversed(inferred[:index]):
            if before in placed:
                anchor = order.index(before) + 1
                break
        scores = [0] * (len(order) + 1)
        running = sum(votes.get((node, other), 0) - votes.get((other, node), 0) for other in order)
        scores[0] = running
        for slot, other in enumerate(order, start=1):
            running += 2 * (votes.get((other, node), 0) - votes.get((node, other), 0))
            scores[slot] = running
        best = max(range(len(order) + 1), key=lambda k: (scores[k], -abs(k - anchor)))
        order.insert(best, node)
        placed.add(node)
    return order


def disagreement(
    journey: Journey, agreed: Agreed, canonical: Callable[[str], str], votes: Votes
) -> Disagreement:
    """Where the cases disagree with the agreed journey: pairs of agreed touchpoints that more
    paths order the other way, touchpoints of cases the agreed order leaves out, rejected
    pathways that paths still take, stages lacking one of the four elements, and how many cases
    were made after the last review."""
    from itertools import pairwise

    from ssvssj.journey.infer import ELEMENTS

    named = list(dict.fromkeys(canonical(name) for name in agreed.order))
    reversed_pairs = []
    for index, earlier in enumerate(named):
        for later in named[index + 1 :]:
            against = votes.get((later, earlier), 0)
            if against > votes.get((earlier, later), 0):
                reversed_pairs.append((earlier, later, against))
    seen = {tp for path in journey.paths.values() for tp in path} | set(journey.spots.values())
    unplaced = (
        [t.name for t in journey.touchpoints if t.name in seen and t.name not in set(named)]
        if named
        else []
    )
    rejected_seen = []
    for source, target in agreed.rejected:
        pair = (canonical(source), canonical(target))
        count = sum(1 for path in journey.paths.values() for step in pairwise(path) if step == pair)
        if count:
            rejected_seen.append((pair[0], pair[1], count))
    missing = [(stage.name, list(stage.gaps)) for stage in journey.stages if stage.gaps]
    present = {name_key(stage.name) for stage in journey.stages}
    missing += [(name, list(ELEMENTS)) for name in agreed.stages if name_key(name) not in present]
    after = (
        sum(1 for case in journey.cases if case.created > agreed.validated_on)
        if agreed.validated_on is not None
        else 0
    )
    return Disagreement(
        reversed_pairs=reversed_pairs,
        unplaced=unplaced,
        rejected_seen=rejected_seen,
        stages_missing=missing,
        cases_after=after,
        validated_on=agreed.validated_on,
    )
