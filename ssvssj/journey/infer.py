"""The J of SSVSSJ: the customer journey inferred from every case's path. Pure: no I/O.

Cases are traces (the process-mining view): the directly-follows graph counts how often one
touchpoint directly precedes another. The journey order comes from precedence votes of all
paths together, so partial paths, skipped steps and back-steps do not break it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from statistics import fmean
from typing import TYPE_CHECKING, overload

from ssvssj.i18n import pick
from ssvssj.journey.agreed import Agreed, Disagreement, disagreement, follow_agreed
from ssvssj.journey.vocabulary import Vocabulary, cause_key, name_key

if TYPE_CHECKING:
    import networkx as nx

    from ssvssj.journey.lean import AnyCase

ELEMENTS = ("touchpoints", "pathways", "scenes", "pains")
KEY_WEIGHT = 0.5  # a moment of truth weighs half again as much in the hot spots
BRAND_WEIGHT = 0.5  # and so does a touchpoint tied to the brand promise


@dataclass(frozen=True)
class Filters:
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    min_count: int = 1
    customer: str | None = None

    def keeps(self, case: AnyCase) -> bool:
        if self.tag is not None and self.tag not in case.tags:
            return False
        if self.customer is not None and not in_segment(case, self.customer):
            return False
        if self.since is not None and case.observed < self.since:
            return False
        return self.until is None or case.observed <= self.until


def in_segment(case: AnyCase, text: str) -> bool:
    """The case's `scene.customer` contains `text` (matched like names: NFKC, ASCII case)."""
    customer = case.scene.customer if case.scene is not None else None
    return bool(customer) and name_key(text) in name_key(customer or "")


@dataclass
class Touchpoint:
    """One touchpoint of the journey. `cases` are the pains spotted here (gains apart)."""

    name: str
    order: int
    stage: str
    cases: list[str]
    open: int
    severity: float | None
    aliases_seen: list[str]
    lenses: list[str]
    on_paths: int
    gains: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)
    owner: str | None = None
    channel: str | None = None
    key: bool | None = None
    promise: str | None = None
    pain: float = 0.0  # the severities of the rated pains here, added up

    @property
    def blind(self) -> bool:
        """On the journey, and no case touches it."""
        return not self.touched

    @property
    def heat(self) -> float:
        """Open pains here, weighted up for a moment of truth and for the brand promise."""
        weight = (
            1 + (KEY_WEIGHT if self.key else 0) + (BRAND_WEIGHT if self.promise == "brand" else 0)
        )
        return self.open * weight


@dataclass
class Pathway:
    """`cases`: spotted at either end; `problems`: pains spotted on the handover itself
    (spot.from); a gain there is a bright spot of the handover, never one of its problems."""

    source: str
    target: str
    count: int
    cases: list[str]
    problems: list[str] = field(default_factory=list)


@dataclass
class Stage:
    name: str
    order: int
    touchpoints: list[str]
    pinned: bool
    gaps: list[str] = field(default_factory=list)
    elements: dict[str, bool] = field(default_factory=dict)
    agreed: bool = False


@dataclass
class RecurringCause:
    detail: str
    touchpoints: list[str]
    cases: list[str]


@dataclass
class Cause:
    """A root cause (split[].cause, matched through causes.yaml) and what was done about it.

    `solutions` are (case id, solution id) of live solutions anywhere that address a detail
    with this cause; `verified` those of them that are verified."""

    name: str
    cases: list[str]
    touchpoints: list[str]
    solutions: list[tuple[str, str]]
    verified: list[tuple[str, str]]
    owner: str | None = None


class DeferredCases(Sequence["AnyCase"]):
    """The cases of a journey that was kept: counted at once, read only when a rendering
    reads them (`load` gives them in id order)."""

    def __init__(self, count: int, load: Callable[[], Sequence[AnyCase]]) -> None:
        self._count = count
        self._load = load
        self._cases: Sequence[AnyCase] | None = None

    def _loaded(self) -> Sequence[AnyCase]:
        if self._cases is None:
            self._cases = self._load()
        return self._cases

    def __len__(self) -> int:
        return self._count

    @property
    def read(self) -> bool:
        """Whether the cases were read already."""
        return self._cases is not None

    @overload
    def __getitem__(self, index: int) -> AnyCase: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AnyCase]: ...

    def __getitem__(self, index: int | slice) -> AnyCase | Sequence[AnyCase]:
        return self._loaded()[index]

    def __iter__(self) -> Iterator[AnyCase]:
        return iter(self._loaded())


@dataclass
class Journey:
    cases: Sequence[AnyCase]
    stages: list[Stage]
    touchpoints: list[Touchpoint]
    pathways: list[Pathway]
    blind_spots: list[str]
    recurring: list[RecurringCause]
    lens_spread: dict[str, list[str]]
    edges: dict[tuple[str, str], int]  # the directly-follows graph: every pair, how often
    spots: dict[str, str]
    paths: dict[str, list[str]]
    language: str = "zh"
    agreement: Disagreement | None = None
    handovers: dict[str, str] = field(default_factory=dict)
    causes: list[Cause] = field(default_factory=list)
    agreed_order: list[str] = field(default_factory=list)  # journey.yaml's, canonical names
    segment: str | None = None  # the `--customer` text the cases were chosen by
    names: Names | None = None  # how every spelling the cases use maps to a touchpoint
    severities: dict[str, int | None] = field(default_factory=dict)  # per case, when kept
    newest: date | None = None  # the newest `updated` of the cases, when kept
    taken: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # when kept

    def __post_init__(self) -> None:
        self._touchpoints = {t.name: t for t in self.touchpoints}
        self._cases: dict[str, AnyCase] | None = None
        self._worst_first: dict[str, list[str]] = {}
        self._graph: nx.DiGraph | None = None
        if not self.taken:
            self.taken = distinct_paths(self.paths)
        if not isinstance(self.cases, DeferredCases):
            self.severities = {c.id: c.severity for c in self.cases}
            self.newest = max((c.last_updated for c in self.cases), default=None)

    def read_cases_later(self, load: Callable[[], Sequence[AnyCase]]) -> None:
        """Let go of the cases, to be read again by `load` (in id order) when a rendering
        first asks for them."""
        self.cases = DeferredCases(len(self.cases), load)
        self._cases = None

    @property
    def graph(self) -> nx.DiGraph:
        """The directly-follows graph over every touchpoint, each edge with its `count`."""
        if self._graph is None:
            import networkx as nx

            graph = nx.DiGraph()
            graph.add_nodes_from(t.name for t in self.touchpoints)
            for (source, target), count in self.edges.items():
                graph.add_edge(source, target, count=count)
            self._graph = graph
        return self._graph

    def worst_first(self, touchpoint: str) -> list[str]:
        """The cases spotted at a touchpoint, the most severe first."""
        ranked = self._worst_first.get(touchpoint)
        if ranked is None:
            ranked = sorted(self.touchpoint(touchpoint).cases, key=self.pain_order)
            self._worst_first[touchpoint] = ranked
        return ranked

    def pain_order(self, case_id: str) -> tuple[bool, int, str]:
        """The most severe first, unrated after the rated ones."""
        severity = self.severities[case_id]
        return (severity is None, -(severity or 0), case_id)

    def touchpoint(self, name: str) -> Touchpoint:
        return self._touchpoints[name]

    @property
    def hot_spots(self) -> list[Touchpoint]:
        """Touchpoints with open pains, the heaviest first (see `Touchpoint.heat`)."""
        hot = [t for t in self.touchpoints if t.open]
        return sorted(hot, key=lambda t: (-t.heat, -(t.severity or 0), t.order))

    def case(self, case_id: str) -> AnyCase:
        if self._cases is None:
            self._cases = {c.id: c for c in self.cases}
        return self._cases[case_id]

    def stage_of(self, touchpoint: str) -> str:
        return self.touchpoint(touchpoint).stage


def distinct_paths(paths: dict[str, list[str]]) -> dict[tuple[str, ...], list[str]]:
    """Each distinct path with the ids of the cases that took it, in the order first taken
    (a journey's `taken`): what is counted over the paths is counted once a path, many
    customers taking the same few."""
    taken: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for case_id, path in paths.items():
        taken[tuple(path)].append(case_id)
    return dict(taken)


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

    @classmethod
    def settled(cls, vocab: Vocabulary, display: dict[str, str]) -> Names:
        """Names as an earlier inference settled them (its `display`): every spelling it saw
        maps to the same touchpoint, without the cases it saw."""
        names = cls(vocab, ())
        names.display = dict(display)
        return names

    def __call__(self, spelling: str) -> str:
        return self.display[self._key(spelling)]

    def spellings(self, name: str) -> list[str]:
        return sorted(s for s in self.seen[self._key(name)] if s != name)


def _all_spellings(cases: Sequence[AnyCase], agreed: Agreed) -> Iterable[str]:
    for case in cases:
        yield case.spot.touchpoint
        yield from case.path()
        for detail in case.split:
            if detail.at:
                yield detail.at
    yield from agreed.order
    for pair in agreed.rejected:
        yield from pair


def infer(
    cases: Sequence[AnyCase],
    vocab: Vocabulary,
    filters: Filters | None = None,
    language: str = "zh",
    agreed: Agreed | None = None,
    causes: Vocabulary | None = None,
) -> Journey:
    """The journey of the cases that pass `filters`, the same for the same cases.

    With an agreed journey (journey.yaml), its stage order and touchpoint order hold, its
    touchpoints are on the journey even where no case passes yet, and its rejected pathways are
    left out of the graph. `causes` is the root-cause vocabulary (causes.yaml) that groups
    `split[].cause` texts.
    """
    filters = filters or Filters()
    chosen = sorted((c for c in cases if filters.keeps(c)), key=lambda c: c.id)
    names = Names(vocab, _all_spellings(chosen, agreed or Agreed()))
    paths = {case.id: [names(tp) for tp in case.path()] for case in chosen}
    spots = {case.id: names(case.spot.touchpoint) for case in chosen}
    handovers = {case.id: names(case.spot.from_) for case in chosen if case.spot.from_}
    rejected = {(names(a), names(b)) for a, b in agreed.rejected} if agreed else set()
    graph = directly_follows(paths.values(), rejected)
    touched = _touched(chosen, spots, handovers, names)
    for touchpoint in touched:
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
    touchpoints = _annotate(order, chosen, spots, paths, names, stage_of, touched, vocab)
    pain_handovers = {c.id: handovers[c.id] for c in chosen if c.id in handovers and not c.is_gain}
    pathways = _pathways(graph, order, paths, spots, pain_handovers, filters.min_count)
    journey = Journey(
        cases=chosen,
        stages=stage_list,
        touchpoints=touchpoints,
        pathways=pathways,
        blind_spots=[t.name for t in touchpoints if t.blind],
        recurring=recurring_causes(chosen, spots, order),
        lens_spread=_lens_spread(chosen, spots, order),
        edges={(a, b): count for a, b, count in graph.edges(data="count")},
        spots=spots,
        paths=paths,
        language=language,
        handovers=handovers,
        causes=root_causes(chosen, spots, names, order, causes or Vocabulary()),
        agreed_order=agreed_order,
        segment=filters.customer,
        names=names,
    )
    along = _along(paths)
    for stage in stage_list:
        stage.elements = journey_elements(journey, stage, along)
        stage.gaps = [element for element in ELEMENTS if not stage.elements[element]]
    if agreed is not None:
        votes = precedence_votes(list(paths.values()))
        journey.agreement = disagreement(journey, agreed, names, votes)
    return journey


def _touched(
    cases: Sequence[AnyCase], spots: dict[str, str], handovers: dict[str, str], names: Names
) -> dict[str, list[str]]:
    """Per touchpoint, the cases touching it: spotted there, on a handover from it, or with a
    detail that lies there (`split[].at`)."""
    touched: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        touched[spots[case.id]].add(case.id)
        if case.id in handovers:
            touched[handovers[case.id]].add(case.id)
        for detail in case.split:
            if detail.at:
                touched[names(detail.at)].add(case.id)
    return {name: sorted(ids) for name, ids in touched.items()}


class Follows:
    """A directed graph of touchpoints with a count on each edge, in the order it was built:
    the directly-follows graph. Plain dictionaries: importing networkx would cost more than
    inferring a journey of thousands of cases."""

    def __init__(self) -> None:
        self._next: dict[str, dict[str, int]] = {}

    @property
    def nodes(self) -> list[str]:
        return list(self._next)

    def add_node(self, node: str) -> None:
        self._next.setdefault(node, {})

    def add_nodes_from(self, nodes: Iterable[str]) -> None:
        for node in nodes:
            self._next.setdefault(node, {})

    def count(self, source: str, target: str, by: int = 1) -> None:
        """One more passage (or `by` more) from `source` to `target`."""
        self.add_node(source)
        self.add_node(target)
        following = self._next[source]
        following[target] = following.get(target, 0) + by

    def edges(self, data: str) -> Iterator[tuple[str, str, int]]:
        """Every edge with its count (`data` names the count, as networkx would)."""
        assert data == "count"
        for source, following in self._next.items():
            for target, count in following.items():
                yield source, target, count


def directly_follows(
    paths: Iterable[Sequence[str]], rejected: set[tuple[str, str]] | None = None
) -> Follows:
    """Every consecutive pair counts; a pair repeated inside one path counts twice; pathways
    agreed to be noise (`rejected`) are left out."""
    graph = Follows()
    for path in paths:
        graph.add_nodes_from(path)
        for source, target in pairwise(path):
            if source == target or (rejected and (source, target) in rejected):
                continue
            graph.count(source, target)
    return graph


def precedence_votes(paths: Sequence[Sequence[str]]) -> dict[tuple[str, str], int]:
    """For each pair of touchpoints on one path, that path votes for the one it meets earlier
    on average: a customer who goes back (报价 → 试驾 → 报价) still votes for the usual order.
    Each distinct path is weighed once, with as many votes as paths take it: many customers
    take the same few paths."""
    votes: Counter[tuple[str, str]] = Counter()
    for path, times in Counter(map(tuple, paths)).items():
        mean = mean_places(path)
        ordered = sorted(mean, key=lambda tp: (mean[tp], tp))
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if mean[earlier] < mean[later]:
                    votes[(earlier, later)] += times
    return dict(votes)


def mean_places(path: Sequence[str]) -> dict[str, float]:
    """Where on the path each of its touchpoints is met on average: the exact mean of its
    positions, as fmean gives it."""
    positions: dict[str, list[int]] = defaultdict(list)
    for index, touchpoint in enumerate(path):
        positions[touchpoint].append(index)
    return {tp: sum(at) / len(at) for tp, at in positions.items()}


def journey_order(
    paths: Sequence[Sequence[str]],
    touchpoints: Iterable[str],
    preferred: Sequence[str] = (),
    graph: Follows | None = None,
) -> list[str]:
    """A linear order that agrees with as many precedence votes as it can.

    Start from the condensation of the majority graph (cycles of noisy votes collapse into one
    component, so a topological order exists), break ties by where touchpoints sit on average,
    then move single touchpoints to where they agree with more votes (a Kemeny-style search).
    """
    votes = precedence_votes(paths)
    nodes = sorted(set(touchpoints))
    majority: dict[str, list[str]] = {node: [] for node in nodes}
    for (a, b), count in votes.items():
        if count > votes.get((b, a), 0):
            majority.setdefault(a, []).append(b)
            majority.setdefault(b, [])
    place = _relative_place(paths, nodes, preferred)
    groups = _strongly_connected(majority)
    ordered_groups = _ordered_groups(
        majority, groups, key=lambda g: min((place[n], n) for n in groups[g])
    )
    order = [n for g in ordered_groups for n in sorted(groups[g], key=lambda n: (place[n], n))]
    return _improve(order, votes, graph if graph is not None else directly_follows(paths))


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of `graph` (each node's successors): cycles of
    noisy votes, each to be placed as one (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, following = work[-1]
            for successor in following:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def _ordered_groups(
    graph: dict[str, list[str]],
    groups: list[list[str]],
    key: Callable[[int], tuple[tuple[float, int], str]],
) -> list[int]:
    """The components in an order every edge between two of them follows, the least `key`
    first wherever the edges leave a choice (a lexicographical topological sort)."""
    import heapq

    group_of = {node: at for at, group in enumerate(groups) for node in group}
    after: dict[int, set[int]] = {at: set() for at in range(len(groups))}
    waiting = [0] * len(groups)
    for node, following in graph.items():
        for successor in following:
            source, target = group_of[node], group_of[successor]
            if source != target and target not in after[source]:
                after[source].add(target)
                waiting[target] += 1
    ready = [(key(at), at) for at in range(len(groups)) if not waiting[at]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _, at = heapq.heappop(ready)
        ordered.append(at)
        for target in after[at]:
            waiting[target] -= 1
            if not waiting[target]:
                heapq.heappush(ready, (key(target), target))
    return ordered


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
    graph: Follows,
    passes: int = 8,
    window: int = 64,
) -> list[str]:
    """Move one touchpoint at a time to the position that satisfies more votes; where votes
    do not decide, to the position nearest the touchpoints it directly connects with.

    A move looks at most `window` places either way (every place, in a journey of up to
    `window` + 1 touchpoints), so a pass costs the window times the pathways, not the square of
    the touchpoints."""
    ties: dict[str, dict[str, int]] = defaultdict(dict)
    for a, b, count in graph.edges(data="count"):
        ties[a][b] = ties[a].get(b, 0) + count
        ties[b][a] = ties[b].get(a, 0) + count
    order = list(order)
    position = {name: index for index, name in enumerate(order)}
    for _ in range(passes):
        moved = False
        for node in list(order):
            index = position[node]
            low, high = max(0, index - window), min(len(order) - 1, index + window)
            neighbours = [
                (position[n] - (position[n] > index), w)
                for n, w in ties[node].items()
                if n != node and n in position
            ]

            def distance(slot: int, neighbours: list[tuple[int, int]] = neighbours) -> int:
                return sum(w * (slot - i if i < slot else i - slot + 1) for i, w in neighbours)

            gains = {index: 0}
            gain = 0
            for at in range(index - 1, low - 1, -1):
                other = order[at]
                gain += votes.get((node, other), 0) - votes.get((other, node), 0)
                gains[at] = gain
            gain = 0
            for at in range(index + 1, high + 1):
                other = order[at]
                gain += votes.get((other, node), 0) - votes.get((node, other), 0)
                gains[at] = gain
            best = max(range(low, high + 1), key=lambda k: (gains[k], -distance(k), -k))
            if (gains[best], -distance(best)) > (0, -distance(index)):
                order.insert(best, order.pop(index))
                for at in range(min(index, best), max(index, best) + 1):
                    position[order[at]] = at
                moved = True
        if not moved:
            break
    return order


def emergent_name(touchpoints: list[str], language: str) -> str:
    """A stage the vocabulary does not name is called by its first and last touchpoint, so that
    its name never passes for one the team gave it: 未命名阶段（展厅—金融方案）."""
    first, last = touchpoints[0], touchpoints[-1]
    span = first if first == last else f"{first}—{last}"
    return pick("unnamed stage ({span})", "未命名阶段（{span}）", language).format(span=span)


def stages(order: list[str], vocab: Vocabulary, graph: Follows, language: str) -> list[Stage]:
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
                result.append(Stage(emergent_name(chunk, language), 0, chunk, False))
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


def _split_run(run: list[str], graph: Follows, most: int = 5) -> list[list[str]]:
    """Cut a long run where the fewest pathways cross, into stages of at most `most`."""
    place = {name: index for index, name in enumerate(run)}
    ends = [
        (place[a], place[b], count)
        for a, b, count in graph.edges(data="count")
        if a in place and b in place
    ]
    return [run[low:high] for low, high in _cuts(len(run), ends, most)]


def _cuts(size: int, ends: list[tuple[int, int, int]], most: int) -> list[tuple[int, int]]:
    """Cut where the fewest pathways inside a piece cross, the piece's middle breaking ties, and
    cut each side again until every piece has at most `most` places.

    The flow across every cut lives in one tree; a cut takes the pathways crossing it out of
    the flow, so a piece's cuts see only the pathways inside it. They are found from the
    smaller side, so each place is looked at a logarithmic number of times: the work grows
    with the pathways, never with the number of cuts times the run."""
    if size <= most:
        return [(0, size)]
    flows = _Flows(size + 1)
    spans = [(min(a, b), max(a, b), count) for a, b, count in ends]
    touching: list[list[int]] = [[] for _ in range(size)]
    for index, (first, last, count) in enumerate(spans):
        flows.change(first + 1, last, count)
        touching[first].append(index)
        touching[last].append(index)
    crossing = [True] * len(spans)
    pieces: list[tuple[int, int]] = []
    todo = [(0, size)]
    while todo:
        low, high = todo.pop()
        if high - low <= most:
            pieces.append((low, high))
            continue
        cut = _best_cut(flows, low, high)
        smaller = range(low, cut) if cut - low <= high - cut else range(cut, high)
        for at in smaller:
            for index in touching[at]:
                first, last, count = spans[index]
                if crossing[index] and first < cut <= last:
                    crossing[index] = False
                    flows.change(first + 1, last, -count)
        todo.append((cut, high))
        todo.append((low, cut))
    return pieces


def _best_cut(flows: _Flows, low: int, high: int) -> int:
    """The cut of the piece `low`..`high` (leaving two places on each side at least) that the
    fewest pathways cross; of those, the nearest the middle, then the earlier."""
    first, last = low + 2, high - 2
    middle = low + (high - low) / 2
    least = flows.least(first, last)
    half = low + (high - low) // 2
    found = [
        flows.find(first, min(last, half), least, from_end=True),
        flows.find(max(first, half + 1), last, least, from_end=False),
    ]
    return min((cut for cut in found if cut is not None), key=lambda cut: (abs(cut - middle), cut))


class _Flows:
    """A number per cut, changed over a range of cuts at once; asked for the least in a range
    and where in a range it first (or last) is at most a value. Each answer costs the
    logarithm of the cuts."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lowest = [0] * (4 * size)  # the least in a node's range, its own addition included
        self.added = [0] * (4 * size)  # added to the whole of a node's range

    def change(self, first: int, last: int, amount: int) -> None:
        if first <= last:
            self._change(1, 0, self.size - 1, first, last, amount)

    def _change(self, node: int, low: int, high: int, first: int, last: int, amount: int) -> None:
        if last < low or high < first:
            return
        if first <= low and high <= last:
            self.added[node] += amount
            self.lowest[node] += amount
            return
        middle = (low + high) // 2
        self._change(2 * node, low, middle, first, last, amount)
        self._change(2 * node + 1, middle + 1, high, first, last, amount)
        below = min(self.lowest[2 * node], self.lowest[2 * node + 1])
        self.lowest[node] = self.added[node] + below

    def least(self, first: int, last: int) -> int:
        return self._least(1, 0, self.size - 1, first, last)

    def _least(self, node: int, low: int, high: int, first: int, last: int) -> int:
        if first <= low and high <= last:
            return self.lowest[node]
        middle = (low + high) // 2
        parts = []
        if first <= middle:
            parts.append(self._least(2 * node, low, middle, first, last))
        if middle < last:
            parts.append(self._least(2 * node + 1, middle + 1, high, first, last))
        return self.added[node] + min(parts)

    def find(self, first: int, last: int, value: int, from_end: bool) -> int | None:
        if first > last:
            return None
        return self._find(1, 0, self.size - 1, first, last, value, from_end)

    def _find(
        self, node: int, low: int, high: int, first: int, last: int, value: int, from_end: bool
    ) -> int | None:
        """`value` is what is asked, less what the nodes above this one add."""
        if last < low or high < first or self.lowest[node] > value:
            return None
        if low == high:
            return low
        middle = (low + high) // 2
        halves = [(2 * node, low, middle), (2 * node + 1, middle + 1, high)]
        for child, start, end in reversed(halves) if from_end else halves:
            found = self._find(child, start, end, first, last, value - self.added[node], from_end)
            if found is not None:
                return found
        return None


def _annotate(
    order: list[str],
    cases: Sequence[AnyCase],
    spots: dict[str, str],
    paths: dict[str, list[str]],
    names: Names,
    stage_of: dict[str, str],
    touched: dict[str, list[str]],
    vocab: Vocabulary,
) -> list[Touchpoint]:
    spotted: dict[str, list[AnyCase]] = defaultdict(list)
    for case in cases:
        spotted[spots[case.id]].append(case)
    on_paths = Counter(tp for path in paths.values() for tp in set(path))
    result = []
    for index, name in enumerate(order):
        here = spotted.get(name, [])
        pains = [c for c in here if not c.is_gain]
        rated = [c.severity for c in pains if c.severity is not None]
        lenses = {v.lens for c in here for v in c.view if v.lens}
        lenses |= {d.lens for c in here for d in c.split if d.lens}
        entry = vocab.entry(name)
        result.append(
            Touchpoint(
                name=name,
                order=index,
                stage=stage_of[name],
                cases=[c.id for c in pains],
                open=sum(1 for c in pains if c.is_open),
                severity=round(fmean(rated), 1) if rated else None,
                pain=float(sum(rated)),
                aliases_seen=names.spellings(name),
                lenses=sorted(lenses),
                on_paths=on_paths.get(name, 0),
                gains=[c.id for c in here if c.is_gain],
                touched=touched.get(name, []),
                owner=entry.owner,
                channel=entry.channel,
                key=entry.key,
                promise=entry.promise,
            )
        )
    return result


def _pathways(
    graph: Follows,
    order: list[str],
    paths: dict[str, list[str]],
    spots: dict[str, str],
    handovers: dict[str, str],
    min_count: int,
) -> list[Pathway]:
    position = {tp: i for i, tp in enumerate(order)}
    edges = {(a, b): count for a, b, count in graph.edges(data="count")}
    problems: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case_id, source in sorted(handovers.items()):
        problems[(source, spots[case_id])].append(case_id)
    kept = {pair for pair, count in edges.items() if count >= min_count}
    kept |= {pair for pair in problems if pair in edges}
    kept |= _keep_connected(edges, kept, position)
    on_pathway: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case_id, path in paths.items():
        for pair in set(pairwise(path)):
            if spots[case_id] in pair:
                on_pathway[pair].append(case_id)
    return [
        Pathway(a, b, edges[(a, b)], sorted(on_pathway.get((a, b), [])), problems.get((a, b), []))
        for a, b in sorted(kept, key=lambda p: (position[p[0]], position[p[1]]))
    ]


def _keep_connected(
    edges: dict[tuple[str, str], int], kept: set[tuple[str, str]], position: dict[str, int]
) -> set[tuple[str, str]]:
    """Like process-mining tools, keep each touchpoint's strongest way in and way out."""
    ends: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = defaultdict(
        lambda: ([], [])
    )
    for pair in edges:
        ends[pair[1]][0].append(pair)
        ends[pair[0]][1].append(pair)
    restored = set()
    for node in position:
        for incident in ends.get(node, ([], [])):
            if incident and not any(pair in kept for pair in incident):
                restored.add(
                    min(incident, key=lambda p: (-edges[p], position[p[0]], position[p[1]]))
                )
    return restored


def recurring_causes(
    cases: Sequence[AnyCase], spots: dict[str, str], order: list[str]
) -> list[RecurringCause]:
    """The same detail written at two or more touchpoints: one root cause, several symptoms.
    Only details that name no cause are grouped by their words: a named cause is grouped by
    that name (see `root_causes`), so one cause is never listed twice."""
    found: dict[str, tuple[str, set[str], set[str]]] = {}
    for case in cases:
        for detail in case.split:
            if detail.cause:
                continue
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
    cases: Sequence[AnyCase], spots: dict[str, str], order: list[str]
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


def root_causes(
    cases: Sequence[AnyCase],
    spots: dict[str, str],
    names: Names,
    order: list[str],
    vocab: Vocabulary,
) -> list[Cause]:
    """Every root cause named in `split[].cause`, with the cases and touchpoints where it shows
    and the solutions anywhere that address it; the most widespread first."""
    key_of = cause_key(vocab)
    shown: dict[str, Counter[str]] = defaultdict(Counter)
    found: dict[str, tuple[set[str], set[str], set[tuple[str, str]], set[tuple[str, str]]]] = {}
    for case in cases:
        live = [] if case.is_dropped else case.live_solutions
        for detail in case.split:
            if not detail.cause:
                continue
            key = key_of(detail.cause)
            shown[key][vocab.canonical(detail.cause) or detail.cause.strip()] += 1
            ids, places, solutions, verified = found.setdefault(key, (set(), set(), set(), set()))
            ids.add(case.id)
            places.add(names(detail.at) if detail.at else spots[case.id])
            for solution in live:
                if detail.id in solution.addresses:
                    solutions.add((case.id, solution.id))
                    if solution.status == "verified":
                        verified.add((case.id, solution.id))
    position = {tp: i for i, tp in enumerate(order)}
    result = []
    for key, (ids, places, solutions, verified) in found.items():
        spellings = shown[key]
        name = min(spellings, key=lambda s: (-spellings[s], s))
        result.append(
            Cause(
                name=name,
                cases=sorted(ids),
                touchpoints=sorted(places, key=position.__getitem__),
                solutions=sorted(solutions),
                verified=sorted(verified),
                owner=vocab.owner_of(name),
            )
        )
    return sorted(result, key=lambda c: (-len(c.cases), c.name))


def _along(paths: dict[str, list[str]]) -> dict[str, set[str]]:
    """Per touchpoint, the cases whose path moves into or out of it."""
    along: dict[str, set[str]] = defaultdict(set)
    for case_id, path in paths.items():
        for a, b in pairwise(path):
            if a != b:
                along[a].add(case_id)
                along[b].add(case_id)
    return along


def journey_elements(
    journey: Journey, stage: Stage, along_at: dict[str, set[str]]
) -> dict[str, bool]:
    """The four journey elements (case-format.md 1.1): does the stage have evidence of each?
    `along_at`: per touchpoint, the cases whose path moves into or out of it (`_along`)."""
    touching = {cid for name in stage.touchpoints for cid in journey.touchpoint(name).touched}
    along = {cid for name in stage.touchpoints for cid in along_at.get(name, ())}
    pains = [
        journey.case(cid) for name in stage.touchpoints for cid in journey.touchpoint(name).cases
    ]
    return {
        "touchpoints": bool(touching),
        "pathways": len(along) >= 2,
        "scenes": any(_has_scene(journey.case(cid)) for cid in touching),
        "pains": any(case.spot.evidence for case in pains),
    }


def _has_scene(case: AnyCase) -> bool:
    return case.scene is not None and bool(case.scene.customer) and bool(case.scene.goal)
