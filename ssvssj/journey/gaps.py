"""The observation plan: where to look next, most valuable first, each step saying why.

The journey is only as good as the cases behind it. Each gap is weighed by how many customers
it concerns, so a blind spot that many paths pass comes before a pathway seen once. Pure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ssvssj.i18n import joined, pick
from ssvssj.journey.infer import Journey, mean_places

KINDS = ("blind-spot", "stage-elements", "undecided-order", "no-scene", "no-owner", "single-case")


def listing(names: Iterable[str], lang: str) -> str:
    """Names joined as the language lists them: `a, b` or 甲、乙."""
    return joined(names, lang=lang)


def element_word(element: str, lang: str) -> str:
    """One of the four journey elements, as the glossary names it."""
    words = {
        "touchpoints": pick("touchpoints", "触点", lang),
        "pathways": pick("pathways", "通路", lang),
        "scenes": pick("scenes", "场景", lang),
        "pains": pick("pains", "痛点", lang),
    }
    return words.get(element, element)


@dataclass(frozen=True)
class Gap:
    kind: str
    where: tuple[str, ...]
    value: int
    why: str


def observation_plan(journey: Journey, unscened: dict[str, list[str]] | None = None) -> list[Gap]:
    """Every gap in the evidence, most valuable first. `unscened`: the ids of the pains
    without a scene at each place, in id order, where they are known without the cases."""
    lang = journey.language
    traffic: Counter[str] = Counter()
    for path, ids in journey.taken.items():
        for tp in set(path):
            traffic[tp] += len(ids)
    found: list[Gap] = []
    found += _blind_spots(journey, traffic, lang)
    found += _stage_elements(journey, traffic, lang)
    found += _undecided(journey, traffic, lang)
    found += _no_scene(journey, lang, unscened)
    found += _no_owner(journey, lang)
    found += _single_case(journey, lang)
    rank = {kind: index for index, kind in enumerate(KINDS)}
    order = {t.name: t.order for t in journey.touchpoints}
    return sorted(
        found,
        key=lambda g: (
            -g.value,
            rank[g.kind],
            [order.get(w, len(order)) for w in g.where],
            g.where,
        ),
    )


def _blind_spots(journey: Journey, traffic: Counter[str], lang: str) -> list[Gap]:
    """Blind spots the cases' paths pass: where observing would meet these customers (one no
    path passes, say an agreed touchpoint outside a segment, is nowhere to observe them)."""
    gaps = []
    for name in journey.blind_spots:
        passing = traffic.get(name, 0)
        if not passing:
            continue
        why = pick(
            "blind spot: {passing} case path(s) pass here, but no problem was ever spotted here",
            "盲区：{passing} 个案例的客户路径经过这里，但从未在这里发现问题",
            lang,
        ).format(passing=passing)
        gaps.append(Gap("blind-spot", (name,), 3 * passing, why))
    return gaps


def _stage_elements(journey: Journey, traffic: Counter[str], lang: str) -> list[Gap]:
    gaps = []
    for stage in journey.stages:
        if not stage.gaps:
            continue
        words = list(stage.gaps)
        passing = max((traffic.get(tp, 0) for tp in stage.touchpoints), default=0)
        why = pick(
            "stage '{stage}' has no evidence of {elements} yet",
            "阶段“{stage}”的{elements}待补充",
            lang,
        ).format(
            stage=stage.name,
            elements=joined((element_word(w, lang) for w in words), lang=lang),
        )
        gaps.append(Gap("stage-elements", (stage.name,), 2 * len(words) * max(passing, 1), why))
    return gaps


def _undecided(journey: Journey, traffic: Counter[str], lang: str) -> list[Gap]:
    """Neighbours in the journey order whose order the paths do not decide: as many paths put
    one first as the other (often none passes both). A pair journey.yaml's order settles is
    decided, whatever the paths say."""
    neighbours = list(pairwise(t.name for t in journey.touchpoints))
    votes = _neighbour_votes(journey, neighbours)
    agreed = set(journey.agreed_order)
    gaps = []
    for earlier, later in neighbours:
        if earlier in agreed and later in agreed:
            continue
        forward, backward = votes.get((earlier, later), 0), votes.get((later, earlier), 0)
        if forward != backward:
            continue
        if forward:
            why = pick(
                "order undecided: {n} path(s) put {earlier} first and {n} put {later} first; "
                "observe which comes first",
                "顺序无法判断：{n} 条路径把“{earlier}”放在前面，{n} 条把“{later}”放在前面；"
                "请观察哪个在先",
                lang,
            ).format(n=forward, earlier=earlier, later=later)
        else:
            why = pick(
                "order undecided: no path passes both {earlier} and {later}; "
                "observe a customer who does",
                "顺序无法判断：没有一条路径同时经过“{earlier}”和“{later}”；请观察经过两者的客户",
                lang,
            ).format(earlier=earlier, later=later)
        value = max(1, min(traffic.get(earlier, 0), traffic.get(later, 0)))
        gaps.append(Gap("undecided-order", (earlier, later), value, why))
    return gaps


def _neighbour_votes(
    journey: Journey, neighbours: list[tuple[str, str]]
) -> Counter[tuple[str, str]]:
    """The precedence votes (see infer.precedence_votes) between neighbours in the journey
    order alone, the only pairs the plan asks about: each path votes for the one of two
    neighbours it meets earlier on average, each distinct path once for all who took it."""
    following = dict(neighbours)  # a touchpoint has one neighbour after it at most
    votes: Counter[tuple[str, str]] = Counter()
    for path, ids in journey.taken.items():
        mean = mean_places(path)
        for touchpoint, place in mean.items():
            later = following.get(touchpoint)
            if later is None or later not in mean or place == mean[later]:
                continue
            votes[(touchpoint, later) if place < mean[later] else (later, touchpoint)] += len(ids)
    return votes


def _no_scene(journey: Journey, lang: str, unscened: dict[str, list[str]] | None) -> list[Gap]:
    without = _unscened(journey) if unscened is None else unscened
    gaps = []
    for name, ids in without.items():
        why = pick(
            "{n} problem(s) spotted here without a scene (who, doing what): {ids}",
            "这里有 {n} 个问题缺少场景（客户是谁、要完成的事）：{ids}",
            lang,
        ).format(n=len(ids), ids=listing(ids[:3], lang))
        gaps.append(Gap("no-scene", (name,), 2 * len(ids), why))
    return gaps


def _unscened(journey: Journey) -> dict[str, list[str]]:
    """The pains without a scene (who, doing what) at each place, in id order."""
    without: dict[str, list[str]] = defaultdict(list)
    for case in journey.cases:
        if case.is_gain:
            continue
        scene = case.scene
        if scene is None or not (scene.customer and scene.goal):
            without[journey.spots[case.id]].append(case.id)
    return without


def _no_owner(journey: Journey, lang: str) -> list[Gap]:
    """Open pains where touchpoints.yaml names no owner: no one is there to act on them."""
    gaps = []
    for tp in journey.touchpoints:
        if tp.open and not tp.owner:
            why = pick(
                "{n} open problem(s) here but no owner in touchpoints.yaml",
                "这里有 {n} 个未解决的问题，但触点词表中没有负责部门",
                lang,
            ).format(n=tp.open)
            gaps.append(Gap("no-owner", (tp.name,), 2 * tp.open, why))
    return gaps


def _single_case(journey: Journey, lang: str) -> list[Gap]:
    """Pathways only one case takes (however often it goes back and forth on them)."""
    taking: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], str] = {}
    for path, ids in journey.taken.items():
        for pair in set(pairwise(path)):
            taking[pair] += len(ids)
            first.setdefault(pair, ids[0])
    gaps = []
    for pathway in journey.pathways:
        pair = (pathway.source, pathway.target)
        if taking.get(pair) != 1:
            continue
        only = first[pair]
        why = pick(
            "pathway seen in one case only ({case}): observe whether customers really go this way",
            "这条通路只在一个案例中出现（{case}）：请观察客户是否真的这样走",
            lang,
        ).format(case=only)
        gaps.append(Gap("single-case", (pathway.source, pathway.target), 1, why))
    return gaps


def plan_data(plan: list[Gap]) -> dict[str, Any]:
    return {
        "plan": [
            {"kind": g.kind, "where": list(g.where), "value": g.value, "why": g.why} for g in plan
        ]
    }
