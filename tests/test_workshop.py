"""The journey as a workshop tool: the agreed journey, its validation, variants, the plan."""

from __future__ import annotations

import json
from datetime import date
from itertools import pairwise
from pathlib import Path
from random import Random

from ssvssj.journey.agreed import Agreed, follow_agreed
from ssvssj.journey.gaps import _neighbour_votes, observation_plan
from ssvssj.journey.infer import Filters, infer, precedence_votes
from ssvssj.journey.variants import variants
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from tests.conftest import Cli


def case(
    case_id: str,
    path: list[str],
    spot: str | None = None,
    customer: str | None = "首次购车家庭",
    created: str = "2026-11-02",
) -> Case:
    scene: dict[str, object] = {"path": path, "goal": "试驾"}
    if customer:
        scene["customer"] = customer
    return Case.model_validate(
        {
            "schema_version": 1,
            "id": case_id,
            "title": "t",
            "created": created,
            "spot": {"touchpoint": spot or path[-1], "problem": "p", "evidence": ["e"]},
            "scene": scene,
        }
    )


PATHS = [
    ["官网", "预约试驾", "前台", "试驾"],
    ["官网", "前台", "试驾", "报价"],
    ["预约试驾", "前台", "报价"],
    ["官网", "试驾", "官网"],
]
CASES = [case(f"20261102-a{i:03d}", p) for i, p in enumerate(PATHS)]


def order_of(journey: object) -> list[str]:
    return [t.name for t in journey.touchpoints]  # type: ignore[attr-defined]


def test_the_agreed_order_holds_and_the_rest_is_placed_by_inference() -> None:
    free = infer(CASES, Vocabulary())
    assert order_of(free) == ["官网", "预约试驾", "前台", "试驾", "报价"]
    agreed = Agreed(order=("预约试驾", "官网", "试驾"))
    journey = infer(CASES, Vocabulary(), agreed=agreed)
    order = order_of(journey)
    assert [n for n in order if n in agreed.order] == ["预约试驾", "官网", "试驾"]
    assert order.index("前台") < order.index("试驾") < order.index("报价")
    assert journey.agreement is not None
    assert ("预约试驾", "官网", 1) in journey.agreement.reversed_pairs
    assert journey.agreement.unplaced == ["前台", "报价"]


def test_an_agreed_touchpoint_no_case_passes_is_a_blind_spot() -> None:
    journey = infer(CASES, Vocabulary(), agreed=Agreed(order=("官网", "在线咨询", "前台")))
    order = order_of(journey)
    assert order.index("官网") < order.index("在线咨询") < order.index("前台")
    assert "在线咨询" in journey.blind_spots


def test_rejected_pathways_leave_the_graph_and_are_reported_when_taken() -> None:
    agreed = Agreed(rejected=(("试驾", "官网"),))
    journey = infer(CASES, Vocabulary(), agreed=agreed)
    assert ("试驾", "官网") not in {(p.source, p.target) for p in journey.pathways}
    assert infer(CASES, Vocabulary()).graph.has_edge("试驾", "官网")
    assert journey.agreement is not None
    assert journey.agreement.rejected_seen == [("试驾", "官网", 1)]


def test_agreed_stages_keep_their_order_and_spelling() -> None:
    from ssvssj.journey.vocabulary import build_vocabulary
    from ssvssj.method.models import VocabularyFile

    vocab, _ = build_vocabulary(
        VocabularyFile.model_validate(
            {"touchpoints": {"官网": {"stage": "了解"}, "试驾": {"stage": "体验"}}}
        )
    )
    agreed = Agreed(stages=("体验", "了解", "成交"))
    journey = infer(CASES, vocab, agreed=agreed)
    names = [s.name for s in journey.stages]
    assert names.index("体验") < names.index("了解")
    assert all(s.agreed == (s.name in agreed.stages) for s in journey.stages)
    assert [t.order for t in journey.touchpoints] == list(range(len(journey.touchpoints)))
    assert journey.agreement is not None
    assert ("成交", ["touchpoints", "pathways", "scenes", "pains"]) in (
        journey.agreement.stages_missing
    )


def test_follow_agreed_inserts_where_votes_agree() -> None:
    votes = {("a", "x"): 3, ("x", "b"): 3}
    assert follow_agreed(["x", "a", "b"], ["a", "b"], votes) == ["a", "x", "b"]


def test_cases_after_validation_are_counted() -> None:
    late = case("20261120-late", ["官网", "试驾"], created="2026-11-20")
    journey = infer([*CASES, late], Vocabulary(), agreed=Agreed(validated_on=date(2026, 11, 10)))
    assert journey.agreement is not None
    assert journey.agreement.cases_after == 1


def test_variants_count_distinct_paths_after_aliasing() -> None:
    again = [case("20261102-b001", ["官网", "预约试驾", "前台", "试驾"]), *CASES]
    found = variants(infer(again, Vocabulary()))
    assert found[0].path == ("官网", "预约试驾", "前台", "试驾")
    assert found[0].count == 2
    assert sum(v.count for v in found) == len(again)


def test_the_customer_segment_keeps_matching_cases() -> None:
    other = case("20261102-c001", ["展厅", "报价"], customer="Fleet Buyer")
    kept = infer([*CASES, other], Vocabulary(), Filters(customer="fleet"))
    assert [c.id for c in kept.cases] == ["20261102-c001"]


def test_the_plan_puts_busy_blind_spots_first_and_says_why() -> None:
    plan = observation_plan(infer(CASES, Vocabulary(), language="en"))
    assert plan[0].kind == "blind-spot"
    assert plan[0].where == ("前台",)
    assert "3 case path(s) pass here" in plan[0].why
    assert plan[1].where == ("预约试驾",)
    values = [g.value for g in plan]
    assert values == sorted(values, reverse=True)
    kinds = {g.kind for g in plan}
    assert {"blind-spot", "no-owner", "single-case"} <= kinds


def test_the_plan_counts_every_case_on_a_path_many_take() -> None:
    same = [case(f"20261102-d{i:03d}", ["官网", "展厅", "报价"]) for i in range(3)]
    back = case("20261102-d100", ["官网", "金融方案", "官网", "金融方案"])
    plan = observation_plan(infer([*same, back], Vocabulary(), language="en"))
    blind = {g.where: g.why for g in plan if g.kind == "blind-spot"}
    assert "4 case path(s) pass here" in blind[("官网",)]
    assert "3 case path(s) pass here" in blind[("展厅",)]
    single = [g.where for g in plan if g.kind == "single-case"]
    assert ("官网", "金融方案") in single
    assert ("金融方案", "官网") in single
    assert ("官网", "展厅") not in single
    assert ("展厅", "报价") not in single


def test_the_plans_votes_between_neighbours_are_the_journeys_votes() -> None:
    chosen = Random(7)
    names = ["官网", "展厅", "报价", "试驾", "金融方案", "交车"]
    paths = [[chosen.choice(names) for _ in range(chosen.randint(1, 7))] for _ in range(300)]
    journey = infer([case(f"20261102-e{i:03d}", p) for i, p in enumerate(paths)], Vocabulary())
    neighbours = list(pairwise(order_of(journey)))
    votes = precedence_votes(list(journey.paths.values()))
    between = _neighbour_votes(journey, neighbours)
    assert sum(between.values()) > 0
    for earlier, later in neighbours:
        for pair in ((earlier, later), (later, earlier)):
            assert between.get(pair, 0) == votes.get(pair, 0), pair


def test_accept_writes_then_only_adds_keeping_hand_edits(cli_example: Cli) -> None:
    root = cli_example.root
    config = root / "ssvssj.yaml"  # without as_of, the review date is the newest update
    config.write_text(config.read_text(encoding="utf-8").replace("as_of: 2026-11-24\n", ""))
    cli_example("journey", "accept")
    first = (root / "journey.yaml").read_text(encoding="utf-8")
    assert first.startswith("schema_version: 1\nvalidated_on: 2026-11-21\n")
    edited = first.replace("stages:\n", "# 工作坊 11 月 20 日确认\nstages:\n").replace(
        "  - 官网\n", ""
    )
    edited = edited.replace("order:\n", "order:\n  - 官网\n", 1)
    edited += "rejected:\n  - [试驾, 官网]\n"
    (root / "journey.yaml").write_text(edited, encoding="utf-8")
    (root / "cases" / "20261120-newt.yaml").write_text(
        "schema_version: 1\nid: 20261120-newt\ntitle: 新触点\ncreated: 2026-11-22\n"
        "updated: 2026-11-22\nspot:\n  touchpoint: 停车场\n  problem: 找不到车位\n"
        "scene:\n  path: [官网, 停车场, 门店接待台]\n",
        encoding="utf-8",
    )
    cli_example("journey", "accept")
    second = (root / "journey.yaml").read_text(encoding="utf-8")
    assert "# 工作坊 11 月 20 日确认" in second
    assert "validated_on: 2026-11-22" in second
    assert "  - 官网\n  - 停车场\n" in second
    assert "  - [试驾, 官网]" in second
    assert second.count("官网") == first.count("官网") + 1
    cli_example("journey", "accept", "--force")
    assert "rejected" in (root / "journey.yaml").read_text(encoding="utf-8")


def test_journey_yaml_is_checked_like_any_file(cli_example: Cli) -> None:
    (cli_example.root / "journey.yaml").write_text(
        "schema_version: 1\nstages: [了解, 了解]\norder: [前台, 门店接待台]\n"
        "rejected:\n  - [官网]\nsevrity: 1\n",
        encoding="utf-8",
    )
    out = cli_example("check", code=1).output
    assert "journey.yaml:6: sevrity: 未知的键“sevrity”" in out
    assert "journey.yaml:5: rejected[0]" in out
    (cli_example.root / "journey.yaml").write_text(
        "schema_version: 1\nstages: [了解, 了解]\norder: [前台, 门店接待台]\n", encoding="utf-8"
    )
    out = cli_example("check", code=1).output
    assert "stages[1]" in out
    assert "order[1]" in out
    assert "阶段“到店”" in out
    refused = cli_example("journey", "accept", code=2).output
    assert "--force" in refused


def test_show_reports_the_disagreements(cli_example: Cli) -> None:
    (cli_example.root / "journey.yaml").write_text(
        "schema_version: 1\nvalidated_on: 2026-11-10\norder: [门店接待台, 官网]\n"
        "rejected:\n  - [预约试驾, 门店接待台]\n",
        encoding="utf-8",
    )
    out = cli_example("journey", "show").stdout
    assert "共识旅程（journey.yaml），最近验证于 2026-11-10：此后新增" in out
    assert "门店接待台 → 官网" in out
    assert "已排除的通路再次出现" in out
    assert "不在共识顺序中" in out
    data = json.loads(cli_example("journey", "export", "-f", "json").stdout)
    assert [t["name"] for t in data["touchpoints"]].index("门店接待台") < [
        t["name"] for t in data["touchpoints"]
    ].index("官网")


def test_variants_and_gaps_commands(cli_example: Cli) -> None:
    data = json.loads(cli_example("journey", "variants", "--top", "3", "--json").stdout)
    assert data["kind"] == "journey-variants"
    assert len(data["variants"]) == 3
    assert data["variants"][0] == {
        "path": ["首保", "售后维修"],
        "count": 2,
        "share": round(2 / 17, 4),
        "case_ids": ["20261107-p5r8", "20261118-u9h5"],
    }
    out = cli_example("journey", "variants").stdout
    assert "常见路径" in out
    plan = json.loads(cli_example("journey", "gaps", "--json").stdout)["plan"]
    assert [g["where"] for g in plan if g["kind"] == "no-owner"] == [["展厅休息区"]]
    vocabulary = cli_example.root / "touchpoints.yaml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("    owner: 销售部\n", ""),
        encoding="utf-8",
    )
    ownerless = json.loads(cli_example("journey", "gaps", "--json").stdout)["plan"]
    assert {"报价", "签约"} <= {g["where"][0] for g in ownerless if g["kind"] == "no-owner"}
    assert plan[0]["kind"] == "blind-spot"
    assert "盲区" in plan[0]["why"]
    assert "观察计划（下一步去哪里看）" in cli_example("journey", "gaps").stdout


def test_customer_segments_every_journey_command(cli_example: Cli, tmp_path: Path) -> None:
    whole = json.loads(cli_example("journey", "export", "-f", "json").stdout)
    part = json.loads(cli_example("journey", "export", "-f", "json", "--customer", "家庭").stdout)
    assert 0 < part["cases"] < whole["cases"]
    for command in ("show", "gaps", "variants"):
        cli_example("journey", command, "--customer", "家庭")


def test_the_journey_report_shows_agreement_plan_and_variants(
    cli_example: Cli, tmp_path: Path
) -> None:
    from tests.validators import markdownlint

    (cli_example.root / "journey.yaml").write_text(
        "schema_version: 1\nvalidated_on: 2026-11-10\norder: [门店接待台, 官网]\n"
        "rejected:\n  - [预约试驾, 门店接待台]\n",
        encoding="utf-8",
    )
    zh = cli_example("report", "journey").stdout
    assert "## 共识旅程\n\njourney.yaml，最近验证于 2026-11-10；此后新增" in zh
    assert "| 路径的顺序与共识相反 | 门店接待台 → 官网 |" in zh
    assert "| 已排除的通路再次出现 | 预约试驾 → 门店接待台 |" in zh
    assert "## 观察计划（下一步去哪里看）\n\n1. **" in zh
    assert "## 常见路径" in zh
    en = cli_example("report", "journey", "--lang", "en").stdout
    assert "## Agreed journey" in en and "## Observation plan (where to look next)" in en
    assert "blind spot:" in en
    segment = cli_example("report", "journey", "--customer", "家庭").stdout
    assert segment != zh
    for name, text in (("zh.md", zh), ("en.md", en)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = markdownlint(tmp_path / "zh.md", tmp_path / "en.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_accept_dates_the_review_by_as_of_where_the_workspace_sets_it(cli_example: Cli) -> None:
    assert "as_of: 2026-11-24\n" in (cli_example.root / "ssvssj.yaml").read_text(encoding="utf-8")
    cli_example("journey", "accept")
    written = (cli_example.root / "journey.yaml").read_text(encoding="utf-8")
    assert written.startswith("schema_version: 1\nvalidated_on: 2026-11-24\n")
    shown = cli_example("journey", "show").stdout
    assert "最近验证于 2026-11-24：此后新增 0 个案例" in shown


def test_accept_keeps_each_comment_on_the_entry_it_was_written_for(cli_example: Cli) -> None:
    root = cli_example.root
    cli_example("journey", "accept")
    first = (root / "journey.yaml").read_text(encoding="utf-8")
    listed = first.split("order:\n")[1].splitlines()
    order = [line[4:] for line in listed if line.startswith("  - ")]
    stages = [line[4:] for line in first.split("order:\n")[0].split("stages:\n")[1].splitlines()]
    assert len(order) >= 3 and len(stages) >= 2
    edited = first.replace(f"  - {order[2]}\n", f"  - {order[2]}  # keep after {order[1]}\n")
    edited = edited.replace(f"  - {order[1]}\n", "", 1)
    edited = edited.replace(f"  - {stages[1]}\n", f"  - {stages[1]}  # agreed name\n", 1)
    (root / "journey.yaml").write_text(edited, encoding="utf-8")
    cli_example("journey", "accept")
    second = (root / "journey.yaml").read_text(encoding="utf-8")
    assert f"  - {order[1]}\n  - {order[2]}  # keep after {order[1]}\n" in second
    assert f"  - {stages[1]}  # agreed name\n" in second
    assert second.count("#") == 2


def test_names_inserted_into_a_list_leave_every_comment_on_its_own_name() -> None:
    from ssvssj.store.yamlwrite import update_document

    original = b"stages:\n  - X  # x agreed\n  - Y\norder:\n  - A\n  - B\n  - C  # keep C after B\n"
    doc = {"stages": ["W", "X", "V", "Y"], "order": ["A", "N", "B", "C"]}
    written = update_document(original, doc).decode("utf-8")
    assert "  - W\n  - X  # x agreed\n  - V\n  - Y\n" in written
    assert "  - B\n  - C  # keep C after B\n" in written
    assert written.count("#") == 2


def test_accept_leaves_unnamed_stages_for_the_workshop_to_name(cli_example: Cli) -> None:
    root = cli_example.root
    assert "未命名阶段（首保）" in cli_example("journey", "show").stdout
    told = cli_example("journey", "accept").stderr
    written = (root / "journey.yaml").read_text(encoding="utf-8")
    assert "未命名阶段" not in written
    assert "  - 金融方案\n" in written  # the touchpoints are agreed; only the label is not a name
    assert "个未命名阶段未写入 journey.yaml 的 `stages`：" in told
    assert "未命名阶段（展厅—金融方案）" in told
    cli_example("check")
    cli_example("journey", "accept", "--force")
    assert "未命名阶段" not in (root / "journey.yaml").read_text(encoding="utf-8")


def test_show_counts_unrated_pains_instead_of_saying_there_are_none(cli_example: Cli) -> None:
    (cli_example.root / "cases" / "20261120-newt.yaml").write_text(
        "schema_version: 1\nid: 20261120-newt\ntitle: 新触点\ncreated: 2026-11-22\n"
        "updated: 2026-11-22\nspot:\n  touchpoint: 停车场\n  problem: 找不到车位\n"
        "scene:\n  path: [官网, 停车场]\n",
        encoding="utf-8",
    )
    rows = [line for line in cli_example("journey", "show").stdout.splitlines() if "停车场" in line]
    assert rows
    assert "1 个未评" in rows[0]
    assert "未发现痛点" not in rows[0]


def test_a_segments_plan_leaves_out_what_its_paths_miss_and_what_is_agreed() -> None:
    fleet = [
        case("20261102-c001", ["展厅", "报价"], customer="Fleet Buyer"),
        case("20261102-c002", ["展厅", "金融方案"], customer="Fleet Buyer"),
    ]
    agreed = Agreed(order=("官网", "展厅", "报价", "金融方案"))
    journey = infer([*CASES, *fleet], Vocabulary(), Filters(customer="fleet"), agreed=agreed)
    assert "官网" in journey.blind_spots  # agreed, but no path of the segment passes it
    plan = observation_plan(journey)
    assert all(gap.value > 0 for gap in plan)
    assert ("官网",) not in [g.where for g in plan if g.kind == "blind-spot"]
    undecided = [g.where for g in plan if g.kind == "undecided-order"]
    assert ("报价", "金融方案") not in undecided
    assert ("官网", "展厅") not in undecided
    free = infer([*CASES, *fleet], Vocabulary(), Filters(customer="fleet"))
    assert [g for g in observation_plan(free) if g.kind == "undecided-order"]


def test_every_segment_output_names_its_segment(cli_example: Cli, tmp_path: Path) -> None:
    named = "客户细分：家庭"
    assert named in cli_example("journey", "show", "--customer", "家庭").stdout
    assert named in cli_example("report", "journey", "--customer", "家庭").stdout
    for form in ("svg", "html"):
        target = tmp_path / f"map.{form}"
        cli_example("journey", "export", "-f", form, "--customer", "家庭", "-o", str(target))
        assert named in target.read_text(encoding="utf-8")
    assert "客户细分" not in cli_example("journey", "show").stdout
    assert "客户细分" not in cli_example("report", "journey").stdout


def test_an_empty_segment_is_a_usage_error(cli_example: Cli, tmp_path: Path) -> None:
    for command in (
        ("journey", "show"),
        ("journey", "gaps"),
        ("journey", "variants"),
        ("journey", "export", "-f", "svg", "-o", str(tmp_path / "map.svg")),
        ("report", "journey"),
    ):
        told = cli_example(*command, "--customer", "无此客户", code=2).output
        assert "没有哪个案例的客户包含“无此客户”：该客户细分为空" in told
    assert not (tmp_path / "map.svg").exists()


def test_check_counts_the_items_of_a_rejected_pathway_in_its_own_words(cli_example: Cli) -> None:
    (cli_example.root / "journey.yaml").write_text(
        "schema_version: 1\nrejected:\n  - [官网]\n  - [官网, 试驾, 报价]\n", encoding="utf-8"
    )
    out = cli_example("check", code=1).output
    assert "rejected[0]: 已排除的通路至少要有 2 项，现为 1 项" in out
    assert "已排除的通路最多 2 项，现为 3 项" in out
    assert "列表" not in out and "不采纳" not in out


def test_show_explains_the_star_only_when_an_unnamed_stage_is_shown(cli_empty: Cli) -> None:
    root = cli_empty.root
    (root / "touchpoints.yaml").write_text(
        "touchpoints:\n  官网:\n    stage: 了解\n  门店:\n    stage: 到店\n", encoding="utf-8"
    )
    (root / "cases" / "20261120-aaaa.yaml").write_text(
        "schema_version: 1\nid: 20261120-aaaa\ntitle: 到店\ncreated: 2026-11-20\n"
        "spot:\n  touchpoint: 门店\n  problem: 等待\nscene:\n  path: [官网, 门店]\n",
        encoding="utf-8",
    )
    assert "未命名阶段" not in cli_empty("journey", "show").stdout
    (root / "cases" / "20261120-aaaa.yaml").write_text(
        "schema_version: 1\nid: 20261120-aaaa\ntitle: 到店\ncreated: 2026-11-20\n"
        "spot:\n  touchpoint: 门店\n  problem: 等待\nscene:\n  path: [官网, 停车场, 门店]\n",
        encoding="utf-8",
    )
    assert "* 未命名阶段：" in cli_empty("journey", "show").stdout


def test_the_pathway_table_tells_its_two_counts_apart(cli_example: Cli) -> None:
    out = cli_example("journey", "show").stdout
    assert "在两端发现的案例" in out and "交接问题" in out
    assert "交接处的问题" not in out


def test_a_name_changed_in_place_keeps_the_comment_of_its_line() -> None:
    from ssvssj.store.yamlwrite import update_document

    original = b"tags:\n  - a\n  - b  # why b\n  - c  # why c\n"
    written = update_document(original, {"tags": ["a", "x", "c"]}).decode("utf-8")
    assert "  - x  # why b\n  - c  # why c\n" in written
    dropped = update_document(original, {"tags": ["z", "a", "c"]}).decode("utf-8")
    assert "  - z\n  - a\n  - c  # why c\n" in dropped
