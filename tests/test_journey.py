"""Journey inference: exact counts, the recovered order, stages, annotations and filters."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from ssvssj.journey.exports import to_json
from ssvssj.journey.infer import Filters, directly_follows, infer, journey_order
from ssvssj.journey.vocabulary import Vocabulary, build_vocabulary
from ssvssj.method.models import Case, VocabularyFile
from tests.conftest import lines_run


def vocabulary(entries: dict) -> Vocabulary:
    vocab, conflicts = build_vocabulary(VocabularyFile.model_validate({"touchpoints": entries}))
    assert conflicts == []
    return vocab


def case(
    n: int,
    spot: str,
    path: list[str] | None = None,
    *,
    tags: list[str] | None = None,
    observed: str = "2026-11-02",
    severity: int = 3,
    details: list[tuple[str, str]] = (),  # type: ignore[assignment]
    status: str | None = None,
) -> Case:
    doc: dict = {
        "schema_version": 1,
        "id": f"20261102-{n:04d}",
        "title": f"case {n}",
        "created": "2026-11-02",
        "tags": tags or [],
        "spot": {"touchpoint": spot, "problem": "p", "severity": severity, "observed": observed},
    }
    if path:
        doc["scene"] = {"path": path, "customer": "c"}
    if details:
        doc["split"] = [
            {"id": f"d{i}", "detail": text, "lens": lens} for i, (text, lens) in enumerate(details)
        ]
    if status:
        doc["solve"] = [{"id": "s1", "action": "a", "status": status}]
    return Case.model_validate(doc)


def test_pathway_counts_follow_the_spec_exactly() -> None:
    vocab = vocabulary({"门店接待台": {"aliases": ["前台", "接待台"]}})
    cases = [
        case(1, "前台", ["官网", "预约", "前台", "试驾"]),
        case(2, "接待台", ["预约", "门店接待台", "试驾", "报价", "试驾", "报价"]),
        case(3, "报价", ["试驾", "报价"]),
    ]
    journey = infer(cases, vocab)
    counts = {(p.source, p.target): p.count for p in journey.pathways}
    assert counts == {
        ("官网", "预约"): 1,
        ("预约", "门店接待台"): 2,
        ("门店接待台", "试驾"): 2,
        ("试驾", "报价"): 3,
        ("报价", "试驾"): 1,
    }
    desk = journey.touchpoint("门店接待台")
    assert desk.aliases_seen == ["前台", "接待台"]
    assert len(desk.cases) == 2
    assert [t.name for t in journey.touchpoints] == ["官网", "预约", "门店接待台", "试驾", "报价"]


def generated_paths(seed: int) -> tuple[list[str], list[list[str]]]:
    """Paths of 3-6 touchpoints from a journey of 10-20, skipping steps and going back."""
    rnd = random.Random(seed)
    truth = [f"触点{i:02d}" for i in range(rnd.randint(10, 20))]
    rnd.shuffle(truth)
    paths = []
    for _ in range(rnd.randint(40, 120)):
        index = rnd.randrange(len(truth))
        path = [truth[index]]
        while len(path) < rnd.randint(3, 6) and index < len(truth) - 1:
            index += 1
            while index < len(truth) - 1 and rnd.random() < 0.3:
                index += 1
            path.append(truth[index])
            if len(path) >= 2 and rnd.random() < 0.15:
                path += [path[-2], path[-1]]
        paths.append(path)
    return truth, paths


@pytest.mark.parametrize("seed", range(60))
def test_the_true_order_is_recovered_from_partial_noisy_paths(seed: int) -> None:
    truth, paths = generated_paths(seed)
    order = journey_order(paths, {tp for path in paths for tp in path})
    position = {tp: i for i, tp in enumerate(order)}
    seen = [tp for tp in truth if tp in position]
    pairs = list(itertools.combinations(seen, 2))
    agreeing = sum(position[a] < position[b] for a, b in pairs)
    assert agreeing / len(pairs) >= 0.95


def test_a_single_path_or_a_cycle_does_not_break_the_order() -> None:
    assert journey_order([["a", "b", "a", "b"]], {"a", "b"}) == ["a", "b"]
    order = journey_order([["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]], {"a", "b", "c"})
    assert sorted(order) == ["a", "b", "c"]


def test_pinned_stages_keep_their_touchpoints_and_the_rest_emerge_between() -> None:
    vocab = vocabulary({"前台": {"stage": "到店"}, "签约": {"stage": "成交"}})
    paths = [["官网", "预约", "前台", "展厅", "试驾", "报价", "签约", "交车"]] * 3
    journey = infer([case(i, "试驾", p) for i, p in enumerate(paths)], vocab, language="zh")
    assert [(s.name, s.touchpoints, s.pinned) for s in journey.stages] == [
        ("未命名阶段（官网—预约）", ["官网", "预约"], False),
        ("到店", ["前台"], True),
        ("未命名阶段（展厅—报价）", ["展厅", "试驾", "报价"], False),
        ("成交", ["签约"], True),
        ("未命名阶段（交车）", ["交车"], False),
    ]
    assert [s.order for s in journey.stages] == [0, 1, 2, 3, 4]


def test_a_touchpoint_between_two_of_one_stage_joins_it() -> None:
    vocab = vocabulary({"前台": {"stage": "到店"}, "休息区": {"stage": "到店"}})
    journey = infer([case(1, "展厅", ["前台", "展厅", "休息区", "试驾"])], vocab)
    assert journey.stages[0].name == "到店"
    assert journey.stages[0].touchpoints == ["前台", "展厅", "休息区"]


def test_without_pins_a_long_journey_is_still_cut_into_stages() -> None:
    path_a = ["a1", "a2", "a3", "a4"]
    path_b = ["b1", "b2", "b3", "b4"]
    cases = [case(i, "a1", path_a) for i in range(5)] + [case(9, "b1", ["a4", "b1"])]
    cases += [case(10 + i, "b1", path_b) for i in range(5)]
    journey = infer(cases, Vocabulary(), language="en")
    assert [s.touchpoints for s in journey.stages] == [path_a, path_b]
    assert [s.name for s in journey.stages] == ["unnamed stage (a1—a4)", "unnamed stage (b1—b4)"]


def test_annotations_blind_spots_and_recurring_causes() -> None:
    cases = [
        case(1, "前台", ["官网", "前台"], severity=4, details=[("预约不同步", "pathway")]),
        case(2, "前台", ["前台", "展厅"], severity=2, status="done"),
        case(3, "试驾", ["展厅", "试驾"], details=[("预约不同步", "delivery")]),
    ]
    journey = infer(cases, Vocabulary())
    desk = journey.touchpoint("前台")
    assert (len(desk.cases), desk.open, desk.severity, desk.lenses) == (2, 1, 3.0, ["pathway"])
    assert journey.blind_spots == ["官网", "展厅"]
    assert [(r.detail, r.touchpoints) for r in journey.recurring] == [
        ("预约不同步", ["前台", "试驾"])
    ]
    on_handover = {(p.source, p.target): p.cases for p in journey.pathways}
    assert on_handover[("官网", "前台")] == ["20261102-0001"]
    assert on_handover[("前台", "展厅")] == ["20261102-0002"]


def test_four_elements_are_checked_per_stage() -> None:
    vocab = vocabulary({"官网": {"stage": "了解"}, "交车": {"stage": "交付"}})
    journey = infer([case(1, "官网"), case(2, "试驾", ["试驾", "报价"])], vocab)
    gaps = {s.name: s.gaps for s in journey.stages}
    # 1.1: a pain is evidence only with evidence; a scene needs its customer and goal
    assert gaps["了解"] == ["pathways", "scenes", "pains"]


def test_filters_by_tag_and_date() -> None:
    cases = [
        case(1, "a", ["a", "b"], tags=["销售"], observed="2026-10-01"),
        case(2, "c", ["b", "c"], tags=["售后"], observed="2026-11-05"),
    ]
    assert [c.id for c in infer(cases, Vocabulary(), Filters(tag="销售")).cases] == [
        "20261102-0001"
    ]
    since = Filters(since=date(2026, 11, 1))
    assert [t.name for t in infer(cases, Vocabulary(), since).touchpoints] == ["b", "c"]
    until = Filters(until=date(2026, 10, 31))
    assert [t.name for t in infer(cases, Vocabulary(), until).touchpoints] == ["a", "b"]


def test_min_count_drops_rare_pathways_but_leaves_no_touchpoint_floating() -> None:
    cases = [case(i, "a", ["a", "b", "c"]) for i in range(3)] + [case(9, "x", ["b", "x"])]
    journey = infer(cases, Vocabulary(), Filters(min_count=2))
    pairs = [(p.source, p.target, p.count) for p in journey.pathways]
    assert pairs == [("a", "b", 3), ("b", "c", 3), ("b", "x", 1)]
    cases.append(case(10, "x", ["c", "x"]))
    cases.append(case(11, "x", ["c", "x"]))
    journey = infer(cases, Vocabulary(), Filters(min_count=2))
    assert ("b", "x", 1) not in [(p.source, p.target, p.count) for p in journey.pathways]


def test_the_same_cases_in_any_order_give_the_same_bytes() -> None:
    _, paths = generated_paths(7)
    cases = [case(i, path[0], path) for i, path in enumerate(paths)]
    first = to_json(infer(cases, Vocabulary()))
    random.Random(1).shuffle(cases)
    assert to_json(infer(cases, Vocabulary())) == first


def test_directly_follows_ignores_a_touchpoint_repeated_in_place() -> None:
    graph = directly_follows([["a", "a", "b"]])
    assert list(graph.edges(data="count")) == [("a", "b", 1)]


class CountingVotes(dict):  # type: ignore[type-arg]
    """Votes that count how often they are looked at: the work of ordering, without a clock."""

    looks = 0

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        CountingVotes.looks += 1
        return super().get(key, default)


def test_ordering_work_grows_with_the_pathways_not_their_square() -> None:
    from ssvssj.journey.infer import _improve, directly_follows, precedence_votes

    work = {}
    for size in (400, 1600):
        names = [f"t{index}" for index in range(size)]
        paths = [names[start : start + 20] for start in range(0, size - 20, 2)]
        graph = directly_follows(paths)
        CountingVotes.looks = 0
        start = [
            name for block in range(0, size, 10) for name in reversed(names[block : block + 10])
        ]
        _improve(start, CountingVotes(precedence_votes(paths)), graph)
        work[size] = CountingVotes.looks
    assert work[1600] < 6 * work[400]


def interleaved_runs(chains: int, length: int) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Paths that share no touchpoint, ordered side by side (every path's first touchpoint,
    then every second one …): each pathway spans a whole row, so the cheapest cut always
    leaves two touchpoints at the end of the run."""
    run = [f"t{chain}x{step}" for step in range(length) for chain in range(chains)]
    place = {name: index for index, name in enumerate(run)}
    ends = [
        (place[f"t{chain}x{step}"], place[f"t{chain}x{step + 1}"], 1)
        for chain in range(chains)
        for step in range(length - 1)
    ]
    return run, ends


def test_a_long_run_is_cut_into_stages_without_a_call_per_cut() -> None:
    from ssvssj.journey.infer import _split_run

    run, ends = interleaved_runs(20, 100)
    graph = directly_follows([[run[a], run[b]] for a, b, _ in ends])
    chunks = _split_run(run, graph)
    assert [name for chunk in chunks for name in chunk] == run
    assert all(2 <= len(chunk) <= 5 for chunk in chunks)


def lines_run_cutting(run: list[str], ends: list[tuple[int, int, int]]) -> int:
    """Lines of the journey's own code run while a run is cut into stages: work, not time."""
    from ssvssj.journey.infer import _split_run

    graph = directly_follows([[run[a], run[b]] for a, b, _ in ends])
    count, _ = lines_run(("infer.py",), lambda: _split_run(run, graph))
    return count


def test_cutting_a_run_into_stages_grows_with_the_pathways_not_their_square() -> None:
    """Each cut used to copy the run's pathways: 20 paths of 100 touchpoints took a thousand
    nested cuts and every journey command ended in a RecursionError."""
    small = lines_run_cutting(*interleaved_runs(20, 25))
    large = lines_run_cutting(*interleaved_runs(20, 100))
    assert large < 6 * small  # four times the pathways
