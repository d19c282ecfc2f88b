"""The J of SSVSSJ: the customer journey inferred from every case's path. Pure: no I/O.

Cases are traces (the process-mining view): the directly-follows graph counts how often one
touchpoint directly precedes another. The journey order comes from precedence votes of all
paths together, so partial paths, skipped steps and back-steps do not break it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from statistics import fmean

import networkx as nx

from ssvssj.journey.agreed import Agreed, Disagreement, disagreement, follow_agreed
from ssvssj.journey.vocabulary import Vocabulary, name_key
from ssvssj.method.models import Case

ELEMENTS = ("touchpoints", "pathways", "scenarios", "pains")


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    min_count: int = 1
    customer: str | None = None

    def keeps(self, case: Case) -> bool:
        if self.tag is not None and self.tag not in case.tags:
            return False
        if self.customer is not None and not in_segment(case, self.customer):
            return False
        if self.since is not None and case.observed < self.since:
            return False
        return self.until is None or case.observed <= self.until


def in_segment(case: Case, text: str) -> bool:
    """The case's `scene.customer` contains `text` (matched like names: NFKC, ASCII case)."""
    customer = case.scene.customer if case.scene is not None else None
    return bool(customer) and name_key(text) in name_key(customer or "")


@dataclass
class Touchpoint:
    name: str
    order: int
    stage: str
    cases: list[str]
    open: int
    severity: float | None
    aliases_seen: list[str]
    lenses: list[str]
    on_paths: int

    @property
    def heat(self) -> float:
        """How much pain sits here: cases spotted, weighted by how severe they are."""
        return len(self.cases) * (self.severity or 0)


@dataclass
class Pathway:
    source: str
    target: str
    count: int
    cases: list[str]


@dataclass
class Stage:
    name: str
    order: int
    touchpoints: list[str]
    pinned: bool
    gaps: list[str] = field(default_factory=list)
    agreed: bool = False


@dataclass
class RecurringCause:
    detail: str
    touchpoints: list[str]
    cases: list[str]


@dataclass
class Journey:
    cases: list[Case]
    stages: list[Stage]
    touchpoints: list[Touchpoint]
    pathways: list[Pathway]
    blind_spots: list[str]
    recurring: list[RecurringCause]
    lens_spread: dict[str, list[str]]
    graph: nx.DiGraph
    spots: dict[str, str]
    paths: dict[str, list[str]]
    language: str = "zh"
    agreement: Disagreement | None = None

    def __post_init__(self) -> None:
        self._touchpoints = {t.name: t for t in self.touchpoints}
        self._cases = {c.id: c for c in self.cases}
        self._worst_first: dict[str, list[str]] = {}

    def worst_first(self, touchpoint: str) -> list[str]:
        """The cases spotted at a touchpoint, the most severe first."""
        ranked = self._worst_first.get(touchpoint)
        if ranked is None:
            ranked = sorted(
                self.touchpoint(touchpoint).cases,
                key=lambda cid: (-self._cases[cid].severity, cid),
            )
            self._worst_first[touchpoint] = ranked
        return ranked

    def touchpoint(self, name: str) -> Touchpoint:
        return self._touchpoints[name]

    def case(self, case_id: str) -> Case:
        return self._cases[case_id]

    def stage_of(self, touchpoint: str) -> str:
        return self.touchpoint(touchpoint).stage


class Names:
    """Maps every spelling to one touchpoint: the vocabulary's name, else the most used spelling."""

    def __init__(self, vocab: Vocabulary, spellings: Iterable[str]) -> None:
        self.vocab = vocab
        self.keys: dict[str, str] = {}
        counts = Counter(spellings)
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for spelling, count in counts.items():
            seen[self._key(spelling)][spelling.strip()] += count
        self.seen = seen
        self.display = {
            key: vocab.canonical_by_key.get(key) or min(counts, key=lambda s: (-counts[s], s))
            for key, counts in seen.items()
        }

    def _key(self, spelling: str) -> str:
        key = self.keys.get(spelling)
        if key is None:
            canonical = self.vocab.canonical(spelling)
            key = self.keys[spelling] = name_key(canonical if canonical is not None else spelling)
        return key

    def __call__(self, spelling: str) -> str:
        return self.display[self._key(spelling)]

    def spellings(self, name: str) -> list[str]:
        return sorted(s for s in self.seen[self._key(name)] if s != name)


def _all_spellings(cases: Sequence[Case], agreed: Agreed) -> Iterable[str]:
    for case in cases:
        yield case.spot.touchpoint
        yield from case.path()
    yield from agreed.order
    for pair in agreed.rejected:
        yield from pair


def infer(
    cases: Sequence[Case],
    vocab: Vocabulary,
    filters: Filters | None = None,
    language: str = "zh",
    agreed: Agreed | None = None,
) -> Journey:
    """The journey of the cases that pass `filters`, the same for the same cases.

    With an agreed journey (journey.yaml), its stage order and touchpoint order hold, its
    touchpoints are on the journey even where no case passes yet, and its rejected pathways are
    left out of the graph.
    """
    filters = filters or Filters()
    chosen = sorted((c for c in cases if filters.keeps(c)), key=lambda c: c.id)
    names = Names(vocab, _all_spellings(chosen, agreed or Agreed()))
    paths = {case.id: [names(tp) for tp in case.path()] for case in chosen}
    spots = {case.id: names(case.spot.touchpoint) for case in chosen}
    rejected = {(names(a), names(b)) for a, b in agreed.rejected} if agreed else set()
    graph = directly_follows(paths.values(), rejected)
    for touchpoint in spots.values():
        graph.add_node(touchpoint)
    agreed_order = list(dict.fromkeys(names(tp) for tp in agreed.order)) if agreed else []
    graph.add_nodes_from(agreed_order)
    order = journey_order(list(paths.values()), list(graph.nodes), vocab.names, graph)
    if agreed_order:
        order = follow_agreed(order, agreed_order, precedence_votes(list(paths.values())))
    stage_list = stages(order, vocab, graph, language)
    if agreed is not None and agreed.stages:
        stage_list = follow_agreed_stages(stage_list, agreed.stages)
        order = [tp for stage in stage_list for tp in stage.touchpoints]
    stage_of = {tp: stage.name for stage in stage_list for tp in stage.touchpoints}
    touchpoints = _annotate(order, chosen, spots, paths, names, stage_of)
    pathways = _pathways(graph, order, paths, spots, filters.min_count)
    journey = Journey(
        cases=chosen,
        stages=stage_list,
        touchpoints=touchpoints,
        pathways=pathways,
        blind_spots=[t.name for t in touchpoints if not t.cases],
        recurring=recurring_causes(chosen, spots, order),
        lens_spread=_lens_spread(chosen, spots, order),
        graph=graph,
        spots=spots,
        paths=paths,
        language=language,
    )
    spotted_at: dict[str, list[Case]] = defaultdict(list)
    for case in chosen:
        spotted_at[spots[case.id]].append(case)
    for stage in stage_list:
        here = [c for name in stage.touchpoints for c in spotted_at.get(name, [])]
        stage.gaps = element_gaps(journey, stage, here)
    if agreed is not None:
        votes = precedence_votes(list(paths.values()))
        journey.agreement = disagreement(journey, agreed, names, votes)
    return journey


def directly_follows(
    paths: Iterable[Sequence[str]], rejected: set[tuple[str, str]] | None = None
) -> nx.DiGraph:
    """Every consecutive pair counts; a pair repeated inside one path counts twice; pathways
    agreed to be noise (`rejected`) are left out."""
    graph = nx.DiGraph()
    for path in paths:
        graph.add_nodes_from(path)
        for source, target in pairwise(path):
            if source == target or (rejected and (source, target) in rejected):
                continue
            if graph.has_edge(source, target):
                graph[source][target]["count"] += 1
            else:
                graph.add_edge(source, target, count=1)
    return graph


def precedence_votes(paths: Sequence[Sequence[str]]) -> dict[tuple[str, str], int]:
    """For each pair of touchpoints on one path, that path votes for the one it meets earlier
    on average: a customer who goes back (报价 → 试驾 → 报价) still votes for the usual order."""
    votes: Counter[tuple[str, str]] = Counter()
    for path in paths:
        positions: dict[str, list[int]] = defaultdict(list)
        for index, touchpoint in enumerate(path):
            positions[touchpoint].append(index)
        mean = {tp: fmean(at) for tp, at in positions.items()}
        ordered = sorted(mean, key=lambda tp: (mean[tp], tp))
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if mean[earlier] < mean[later]:
                    votes[(earlier, later)] += 1
    return dict(votes)


def journey_order(
    paths: Sequence[Sequence[str]],
    touchpoints: Iterable[str],
    preferred: Sequence[str] = (),
    graph: nx.DiGraph | None = None,
) -> list[str]:
    """A linear order that agrees with as many precedence votes as it can.

    Start from the condensation of the majority graph (cycles of noisy votes collapse into one
    component, so a topological order exists), break ties by where touchpoints sit on average,
    then move single touchpoints to where they agree with more votes (a Kemeny-style search).
    """
    votes = precedence_votes(paths)
    nodes = sorted(set(touchpoints))
    majority = nx.DiGraph()
    majority.add_nodes_from(nodes)
    for (a, b), count in votes.items():
        if count > votes.get((b, a), 0):
            majority.add_edge(a, b)
    place = _relative_place(paths, nodes, preferred)
    condensed = nx.condensation(majority)
    members = condensed.graph["mapping"]
    groups: dict[int, list[str]] = defaultdict(list)
    for node, group in members.items():
        groups[group].append(node)
    ordered_groups = nx.lexicographical_topological_sort(
        condensed, key=lambda g: min((place[n], n) for n in groups[g])
    )
    order = [n for g in ordered_groups for n in sorted(groups[g], key=lambda n: (place[n], n))]
    return _improve(order, votes, graph if graph is not None else directly_follows(paths))


def _relative_place(
    paths: Sequence[Sequence[str]], nodes: Sequence[str], preferred: Sequence[str]
) -> dict[str, tuple[float, int]]:
    """Where a touchpoint sits on the paths it is on, 0 = first, 1 = last; then vocabulary order."""
    places: dict[str, list[float]] = defaultdict(list)
    for path in paths:
        if len(path) == 1:
            places[path[0]].append(0.5)
            continue
        for index, touchpoint in enumerate(path):
            places[touchpoint].append(index / (len(path) - 1))
    rank = {name: index for index, name in enumerate(preferred)}
    return {
        n: (round(fmean(places[n]), 6) if places[n] else 0.5, rank.get(n, len(rank))) for n in nodes
    }


def _improve(
    order: list[str],
    votes: dict[tuple[str, str], int],
    graph: nx.DiGraph,
    passes: int = 8,
) -> list[str]:
    """Move one touchpoint at a time to the position that satisfies more votes; where votes
    do not decide, to the position nearest the touchpoints it directly connects with."""
    ties: dict[str, dict[str, int]] = defaultdict(dict)
    for a, b, data in graph.edges(data=True):
        ties[a][b] = ties[a].get(b, 0) + data["count"]
        ties[b][a] = ties[b].get(a, 0) + data["count"]
    order = list(order)
    for _ in range(passes):
        moved = False
        for node in list(order):
            index = order.index(node)
            rest = order[:index] + order[index + 1 :]
            at_rest = {name: i for i, name in enumerate(rest)}
            neighbours = [(at_rest[n], w) for n, w in ties[node].items() if n in at_rest]

            def distance(slot: int, neighbours: list[tuple[int, int]] = neighbours) -> int:
                return sum(w * (slot - i if i < slot else i - slot + 1) for i, w in neighbours)

            gains = [0] * (len(rest) + 1)
            gain = 0
            for at in range(index - 1, -1, -1):
                other = rest[at]
                gain += votes.get((node, other), 0) - votes.get((other, node), 0)
                gains[at] = gain
            gain = 0
            for at in range(index, len(rest)):
                other = rest[at]
                gain += votes.get((other, node), 0) - votes.get((node, other), 0)
                gains[at + 1] = gain
            best = max(range(len(rest) + 1), key=lambda k: (gains[k], -distance(k), -k))
            if (gains[best], -distance(best)) > (0, -distance(index)):
                rest.insert(best, node)
                order = rest
                moved = True
        if not moved:
            break
    return order


_EMERGENT = {"zh": "{first}阶段", "en": "{first} stage"}


def stages(order: list[str], vocab: Vocabulary, graph: nx.DiGraph, language: str) -> list[Stage]:
    """Pinned touchpoints keep their stage; runs of unpinned ones between them become stages."""
    pinned: dict[str, Stage] = {}
    result: list[Stage] = []
    run: list[str] = []
    previous_pin: str | None = None

    def close_run(next_pin: str | None) -> None:
        if not run:
            return
        if previous_pin is not None and previous_pin == next_pin:
            pinned[previous_pin].touchpoints.extend(run)
        else:
            for chunk in _split_run(run, graph):
                result.append(Stage(_EMERGENT[language].format(first=chunk[0]), 0, chunk, False))
        run.clear()

    for touchpoint in order:
        stage_name = vocab.stage_of(touchpoint)
        if stage_name is None:
            run.append(touchpoint)
            continue
        close_run(stage_name)
        if stage_name not in pinned:
            pinned[stage_name] = Stage(stage_name, 0, [], True)
            result.append(pinned[stage_name])
        pinned[stage_name].touchpoints.append(touchpoint)
        previous_pin = stage_name
    close_run(None)
    position = {tp: i for i, tp in enumerate(order)}
    result.sort(key=lambda s: min(position[t] for t in s.touchpoints))
    taken: set[str] = set()
    for index, stage in enumerate(result):
        stage.order = index
        stage.touchpoints.sort(key=position.__getitem__)
        if stage.name in taken:
            stage.name = f"{stage.name} ({index + 1})"
        taken.add(stage.name)
    return result


def follow_agreed_stages(result: list[Stage], agreed: Sequence[str]) -> list[Stage]:
    """Stages named in journey.yaml in the agreed order and spelling; an emergent stage stays
    right after the agreed stage it followed."""
    rank = {name_key(name): index for index, name in enumerate(agreed)}
    groups: list[list[Stage]] = [[]]
    for stage in result:
        if name_key(stage.name) in rank:
            stage.name = agreed[rank[name_key(stage.name)]]
            stage.agreed = True
            groups.append([stage])
        else:
            groups[-1].append(stage)
    head, rest = groups[0], groups[1:]
    rest.sort(key=lambda group: rank[name_key(group[0].name)])
    ordered = head + [stage for group in rest for stage in group]
    for index, stage in enumerate(ordered):
        stage.order = index
    return ordered


def _split_run(run: list[str], graph: nx.DiGraph, most: int = 5) -> list[list[str]]:
    """Cut a long run where the fewest pathways cross, into stages of at most `most`."""
    if len(run) <= most:
        return [list(run)]
    crossing = []
    for cut in range(2, len(run) - 1):
        left, right = set(run[:cut]), set(run[cut:])
        flow = sum(
            data["count"]
            for a, b, data in graph.edges(data=True)
            if (a in left and b in right) or (a in right and b in left)
        )
        crossing.append((flow, abs(cut - len(run) / 2), cut))
    _, _, cut = min(crossing)
    return _split_run(run[:cut], graph, most) + _split_run(run[cut:], graph, most)


def _annotate(
    order: list[str],
    cases: Sequence[Case],
    spots: dict[str, str],
    paths: dict[str, list[str]],
    names: Names,
    stage_of: dict[str, str],
) -> list[Touchpoint]:
    spotted: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        spotted[spots[case.id]].append(case)
    on_paths = Counter(tp for path in paths.values() for tp in set(path))
    result = []
    for index, name in enumerate(order):
        here = spotted.get(name, [])
        lenses = {v.lens for c in here for v in c.view if v.lens}
        lenses |= {d.lens for c in here for d in c.split if d.lens}
        result.append(
            Touchpoint(
                name=name,
                order=index,
                stage=stage_of[name],
                cases=[c.id for c in here],
                open=sum(1 for c in here if c.is_open),
                severity=round(fmean(c.severity for c in here), 1) if here else None,
                aliases_seen=names.spellings(name),
                lenses=sorted(lenses),
                on_paths=on_paths.get(name, 0),
            )
        )
    return result


def _pathways(
    graph: nx.DiGraph,
    order: list[str],
    paths: dict[str, list[str]],
    spots: dict[str, str],
    min_count: int,
) -> list[Pathway]:
    position = {tp: i for i, tp in enumerate(order)}
    edges = {(a, b): data["count"] for a, b, data in graph.edges(data=True)}
    kept = {pair for pair, count in edges.items() if count >= min_count}
    kept |= _keep_connected(edges, kept, position)
    on_pathway: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case_id, path in paths.items():
        for pair in set(pairwise(path)):
            if spots[case_id] in pair:
                on_pathway[pair].append(case_id)
    return [
        Pathway(a, b, edges[(a, b)], sorted(on_pathway.get((a, b), [])))
        for a, b in sorted(kept, key=lambda p: (position[p[0]], position[p[1]]))
    ]


def _keep_connected(
    edges: dict[tuple[str, str], int], kept: set[tuple[str, str]], position: dict[str, int]
) -> set[tuple[str, str]]:
    """Like process-mining tools, keep each touchpoint's strongest way in and way out."""
    restored = set()
    for node in position:
        for side in (0, 1):
            incident = [pair for pair in edges if pair[1 - side] == node]
            if incident and not any(pair in kept for pair in incident):
                restored.add(
                    min(incident, key=lambda p: (-edges[p], position[p[0]], position[p[1]]))
                )
    return restored


def recurring_causes(
    cases: Sequence[Case], spots: dict[str, str], order: list[str]
) -> list[RecurringCause]:
    """The same detail written at two or more touchpoints: one root cause, several symptoms."""
    found: dict[str, tuple[str, set[str], set[str]]] = {}
    for case in cases:
        for detail in case.split:
            key = name_key(detail.detail)
            _, places, ids = found.setdefault(key, (detail.detail, set(), set()))
            places.add(spots[case.id])
            ids.add(case.id)
    position = {tp: i for i, tp in enumerate(order)}
    result = [
        RecurringCause(text, sorted(places, key=position.__getitem__), sorted(ids))
        for text, places, ids in found.values()
        if len(places) >= 2
    ]
    return sorted(result, key=lambda r: (-len(r.touchpoints), -len(r.cases), r.detail))


def _lens_spread(
    cases: Sequence[Case], spots: dict[str, str], order: list[str]
) -> dict[str, list[str]]:
    """For each lens, the touchpoints whose details it explains (where there are two or more)."""
    places: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for detail in case.split:
            if detail.lens:
                places[detail.lens].add(spots[case.id])
    position = {tp: i for i, tp in enumerate(order)}
    return {
        lens: sorted(tps, key=position.__getitem__)
        for lens, tps in sorted(places.items())
        if len(tps) >= 2
    }


def element_gaps(journey: Journey, stage: Stage, spotted: Sequence[Case]) -> list[str]:
    """Which of the four journey elements this stage still lacks evidence for."""
    members = set(stage.touchpoints)
    present = {
        "touchpoints": bool(members),
        "pathways": any(p.source in members or p.target in members for p in journey.pathways),
        "scenarios": any(c.scene is not None and not c.scene.is_empty() for c in spotted),
        "pains": bool(spotted),
    }
    return [element for element in ELEMENTS if not present[element]]
