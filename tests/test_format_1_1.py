"""Case format revision 1.1, each addition through the command line on a small workspace."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from ssvssj.store.yamlwrite import to_document, update_document
from tests.conftest import REPO, Cli

CONFIG = "schema_version: 1\nname: 测试\nlanguage: en\n"


def workspace(tmp_path: Path, cases: dict[str, str], **files: str) -> Cli:
    """A workspace of the given case texts; keyword files are written beside ssvssj.yaml."""
    root = tmp_path / "ws"
    (root / "cases").mkdir(parents=True)
    (root / "ssvssj.yaml").write_text(files.pop("config", CONFIG), encoding="utf-8")
    for name, text in files.items():
        (root / f"{name}.yaml").write_text(text, encoding="utf-8")
    for case_id, text in cases.items():
        (root / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    return Cli(root)


def case_text(case_id: str, spot: str, rest: str = "", updated: str = "2026-11-10") -> str:
    return (
        f"schema_version: 1\nid: {case_id}\ntitle: t {case_id}\ncreated: 2026-11-01\n"
        f"updated: {updated}\nspot:\n{spot}{rest}"
    )


PAIN = "  touchpoint: 前台\n  problem: 等了很久\n  severity: 4\n  evidence: [客户原话]\n"


def check_json(cli: Cli, *args: str, code: int = 0) -> dict:
    return json.loads(cli("check", "--format", "json", *args, code=code).stdout)


def journey_json(cli: Cli) -> dict:
    return json.loads(cli("journey", "export", "--format", "json").stdout)


# --- ssvssj.yaml ------------------------------------------------------------------------------


@pytest.mark.parametrize("off", ["off", '"off"', "false", "Off", "OFF"])
def test_a_rule_turned_off_is_silent_however_the_reader_spells_off(
    tmp_path: Path, off: str
) -> None:
    unrated = case_text("20261101-aaaa", "  touchpoint: 前台\n  problem: p\n")
    loud = workspace(tmp_path / "a", {"20261101-aaaa": unrated})
    assert "spot-without-evidence" in {w["rule"] for w in check_json(loud)["warnings"]}
    config = CONFIG + f"rules:\n  spot-without-evidence: {off}\n"
    quiet = workspace(tmp_path / "b", {"20261101-aaaa": unrated}, config=config)
    assert "spot-without-evidence" not in {w["rule"] for w in check_json(quiet)["warnings"]}


def test_an_unknown_rule_or_level_is_a_problem(tmp_path: Path) -> None:
    config = CONFIG + "rules:\n  spot-without-evidnce: off\n  unrated: loud\n"
    cli = workspace(tmp_path, {}, config=config)
    fields = {p["field"] for p in check_json(cli, code=1)["problems"]}
    assert fields == {"rules.spot-without-evidnce", "rules.unrated"}


def test_a_rule_set_to_error_fails_check_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    text = case_text("20261101-aaaa", "  touchpoint: 前台\n  problem: p\n")
    cli = workspace(tmp_path / "a", {"20261101-aaaa": text})
    result = cli("check")
    assert "[spot-without-evidence]" in result.stdout
    assert "1 method warning(s)" in result.stdout
    strict = check_json(cli, "--strict", code=1)
    assert [p["rule"] for p in strict["problems"]] == ["spot-without-evidence"]
    config = CONFIG + "rules:\n  spot-without-evidence: error\n"
    failing = workspace(tmp_path / "b", {"20261101-aaaa": text}, config=config)
    data = check_json(failing, code=1)
    assert data["problems"][0]["rule"] == "spot-without-evidence"
    assert data["problems"][0]["level"] == "error"
    assert data["warnings"] == []


def test_github_format_prints_rule_findings_as_warnings_with_the_rule_id(tmp_path: Path) -> None:
    text = case_text("20261101-aaaa", "  touchpoint: 前台\n  problem: p\n")
    cli = workspace(tmp_path, {"20261101-aaaa": text})
    lines = cli("check", "--format", "github").stdout.splitlines()
    assert lines == [
        "::warning file=cases/20261101-aaaa.yaml,line=6,title=spot-without-evidence::"
        "the pain has no evidence yet: the customer's words, a figure, a screenshot"
    ]


SOLVED_LATE = (
    "scene:\n  customer: c\n  goal: g\n  path: [前台]\n"
    "view:\n  - perspective: frontline\n    finding: f\n"
    "split:\n  - id: d1\n    detail: x\n  - id: d2\n    detail: y\n    cause: 数据不同步\n"
    "solve:\n"
    "  - id: s1\n    action: a\n    addresses: [d1]\n    status: verified\n"
    "  - id: s2\n    action: b\n    addresses: [d1]\n    status: doing\n    owner: 门店\n"
    "    due: 2026-11-05\n"
)


def test_every_method_rule_fires_with_its_id(tmp_path: Path) -> None:
    spot = "  touchpoint: 前台\n  problem: p\n"
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", spot, SOLVED_LATE, updated="2026-10-01"),
        "20261101-bbbb": case_text("20261101-bbbb", PAIN, updated="2026-11-20"),
    }
    data = check_json(workspace(tmp_path, cases))
    found = {(w["rule"], w["field"]) for w in data["warnings"]}
    assert found == {
        ("verified-without-result", "solve[0]"),
        ("solution-without-owner", "solve[0]"),
        ("no-customer-view", "view"),
        ("detail-unaddressed", "split[1]"),
        ("spot-without-evidence", "spot"),
        ("unrated", "spot"),
        ("overdue", "solve[1].due"),  # today is the newest updated: 2026-11-20
        ("stale", "updated"),  # 50 days before today, more than the default 30
    }
    assert all(w["file"] == "cases/20261101-aaaa.yaml" for w in data["warnings"])


def test_as_of_and_stale_after_days_set_today(tmp_path: Path) -> None:
    spot = "  touchpoint: 前台\n  problem: p\n  evidence: [e]\n"
    cases = {"20261101-aaaa": case_text("20261101-aaaa", spot, updated="2026-11-10")}
    config = CONFIG + "as_of: 2026-11-20\nstale_after_days: 9\n"
    stale = check_json(workspace(tmp_path / "a", cases, config=config))["warnings"]
    assert [w["rule"] for w in stale] == ["stale"]
    config = CONFIG + "as_of: 2026-11-20\nstale_after_days: 10\n"
    assert check_json(workspace(tmp_path / "b", cases, config=config))["warnings"] == []
    config = CONFIG + "as_of: 2026-11-11\nstale_after_days: 0\n"  # stale from the next day
    stale = check_json(workspace(tmp_path / "c", cases, config=config))["warnings"]
    assert [w["rule"] for w in stale] == ["stale"]
    config = CONFIG + "stale_after_days: -1\n"
    assert check_json(workspace(tmp_path / "d", cases, config=config), code=1)["problems"]


def test_a_detail_whose_cause_is_addressed_in_another_case_is_not_unaddressed(
    tmp_path: Path,
) -> None:
    spot = "  touchpoint: 前台\n  problem: p\n  evidence: [e]\n  severity: 3\n"
    customer = "view:\n  - perspective: customer\n    finding: f\n"
    here = (
        "scene:\n  customer: c\n  goal: g\n"
        + customer
        + "split:\n  - id: d1\n    detail: x\n  - id: d2\n    detail: y\n"
        "    cause: '  ＤＡＴＡ Sync '\n"
        "solve:\n  - id: s1\n    action: a\n    addresses: [d1]\n"
    )
    there = (
        "scene:\n  customer: c\n  goal: g\n"
        + customer
        + "split:\n  - id: d1\n    detail: z\n    cause: 数据未同步\n"
        "solve:\n  - id: s1\n    action: a\n    addresses: [d1]\n"
    )
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", spot, here),
        "20261101-bbbb": case_text("20261101-bbbb", spot, there),
    }
    unmatched = workspace(tmp_path / "a", cases)
    assert [w["rule"] for w in check_json(unmatched)["warnings"]] == ["detail-unaddressed"]
    causes = "causes:\n  数据未同步:\n    aliases: [data sync]\n    owner: 信息部\n"
    matched = workspace(tmp_path / "b", cases, causes=causes)
    assert check_json(matched)["warnings"] == []
    listed = json.loads(matched("causes", "--json").stdout)["causes"]
    assert [(c["name"], c["cases"], c["owner"]) for c in listed] == [
        ("数据未同步", ["20261101-aaaa", "20261101-bbbb"], "信息部")
    ]
    assert listed[0]["solutions"] == [{"case": "20261101-bbbb", "solution": "s1"}]
    assert journey_json(matched)["causes"] == [
        {"name": "数据未同步", "cases": 2, "touchpoints": 1, "solutions": 1, "verified": 0}
    ]


def test_causes_suggest_proposes_aliases_and_changes_nothing(tmp_path: Path) -> None:
    spot = "  touchpoint: 前台\n  problem: p\n"
    cases = {
        "20261101-aaaa": case_text(
            "20261101-aaaa", spot, "split:\n  - id: d1\n    detail: x\n    cause: 预约数据不同步\n"
        ),
        "20261101-bbbb": case_text(
            "20261101-bbbb", spot, "split:\n  - id: d1\n    detail: x\n    cause: 预约数据没同步\n"
        ),
    }
    cli = workspace(tmp_path, cases)
    before = {p: p.read_bytes() for p in cli.root.rglob("*.yaml")}
    out = cli("causes", "--suggest").stdout
    assert "# paste into causes.yaml" in out
    snippet = yaml.safe_load(out.split("(nothing was changed):\n", 1)[1])
    assert snippet == {"causes": {"预约数据不同步": {"aliases": ["预约数据没同步"]}}}
    suggested = json.loads(cli("causes", "--suggest", "--json").stdout)["suggestions"]
    assert [(s["keep"], s["alias"]) for s in suggested] == [("预约数据不同步", "预约数据没同步")]
    assert {p: p.read_bytes() for p in cli.root.rglob("*.yaml")} == before
    config = CONFIG.replace("language: en", "language: zh")
    (cli.root / "ssvssj.yaml").write_text(config, encoding="utf-8")
    heading = cli("causes", "--suggest").stdout
    assert "可能是同一根因的写法" in heading and "触点" not in heading


def test_causes_yaml_conflicts_and_bad_entries_are_problems(tmp_path: Path) -> None:
    causes = "causes:\n  数据不同步:\n    aliases: [ 数据不同步 ]\n  ＡＢ: {}\n  ab:\n    ownr: x\n"
    data = check_json(workspace(tmp_path, {}, causes=causes), code=1)
    assert {p["file"] for p in data["problems"]} == {"causes.yaml"}
    assert {p["field"] for p in data["problems"]} == {"causes.ab.ownr"}
    causes = "causes:\n  ＡＢ: {}\n  ab: {}\n"
    data = check_json(workspace(tmp_path / "b", {}, causes=causes), code=1)
    assert [p["field"] for p in data["problems"]] == ["causes.ab"]


# --- touchpoints.yaml and the journey -----------------------------------------------------------

VOCABULARY = """touchpoints:
  预约:
    owner: 客服中心
    channel: app
  前台:
    owner: 门店运营部
    channel: 门店
    key: true
  试驾:
    owner: 销售部
    promise: brand
  展厅: {}
"""


def test_touchpoint_owner_channel_key_and_promise_reach_the_journey(tmp_path: Path) -> None:
    cases = {"20261101-aaaa": case_text("20261101-aaaa", PAIN)}
    data = journey_json(workspace(tmp_path, cases, touchpoints=VOCABULARY))
    desk = next(t for t in data["touchpoints"] if t["name"] == "前台")
    assert (desk["owner"], desk["channel"], desk["key"], desk["promise"]) == (
        "门店运营部",
        "门店",
        True,
        None,
    )
    bad = VOCABULARY.replace("promise: brand", "promise: excellent")
    problems = check_json(workspace(tmp_path / "b", cases, touchpoints=bad), code=1)["problems"]
    assert [p["field"] for p in problems] == ["touchpoints.试驾.promise"]


def test_a_handover_problem_counts_on_its_pathway_and_is_coloured(tmp_path: Path) -> None:
    handover = "  touchpoint: 前台\n  from: 预约\n  problem: p\n  severity: 2\n"
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", handover),  # no path: [预约, 前台]
        "20261101-bbbb": case_text("20261101-bbbb", PAIN, "scene:\n  path: [预约, 前台, 试驾]\n"),
    }
    cli = workspace(tmp_path, cases, touchpoints=VOCABULARY)
    pathways = {(p["from"], p["to"]): p for p in journey_json(cli)["pathways"]}
    assert pathways[("预约", "前台")] == {"from": "预约", "to": "前台", "count": 2, "problems": 1}
    assert pathways[("前台", "试驾")]["problems"] == 0
    mermaid = cli("journey", "export", "--format", "mermaid").stdout
    assert "n1 -->|2 · 1 handover problem(s)| n2" in mermaid
    assert "linkStyle 0 stroke:#b02a37" in mermaid
    dot = cli("journey", "export", "--format", "dot").stdout
    assert 'label="2 · 1 handover problem(s)"' in dot and 'color="#b02a37"' in dot
    subprocess.run(["dot", "-Tsvg"], input=dot.encode(), check=True, capture_output=True)


def test_a_gain_on_a_handover_is_never_one_of_its_problems(tmp_path: Path) -> None:
    """Handover problems and handover risks are pains only: a gain on the same handover is
    neither counted nor listed with them."""
    pain = "  touchpoint: 前台\n  from: 预约\n  problem: 等了很久\n  severity: 3\n"
    gain = "  kind: gain\n  touchpoint: 前台\n  from: 预约\n  problem: 提前备好了资料\n"
    path = "scene:\n  path: [预约, 前台]\n"
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", pain, path),
        "20261101-bbbb": case_text("20261101-bbbb", gain, path),
    }
    cli = workspace(tmp_path, cases, touchpoints=VOCABULARY)
    pathways = {(p["from"], p["to"]): p for p in journey_json(cli)["pathways"]}
    assert pathways[("预约", "前台")]["problems"] == 1
    report = cli("report", "journey").stdout
    handovers = report.split("## Handover problems", 1)[1].split("\n## ", 1)[0]
    risks = report.split("Handover risks", 1)[1].split("\n## ", 1)[0]
    assert "20261101-aaaa" in handovers and "20261101-aaaa" in risks
    assert "20261101-bbbb" not in handovers and "20261101-bbbb" not in risks


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("[前台, 预约]", "'预约' must directly precede '前台' in scene.path at least once"),
        ("[预约, 试驾, 前台]", "'预约' must directly precede '前台'"),
    ],
)
def test_spot_from_must_directly_precede_the_spot_on_the_path(
    tmp_path: Path, path: str, message: str
) -> None:
    handover = "  touchpoint: 前台\n  from: 预约\n  problem: p\n"
    text = case_text("20261101-aaaa", handover, f"scene:\n  path: {path}\n")
    problems = check_json(workspace(tmp_path, {"20261101-aaaa": text}), code=1)["problems"]
    assert [(p["field"], p["line"]) for p in problems] == [("spot.from", 8)]
    assert message in problems[0]["message"]


def test_spot_from_is_matched_through_aliases_and_may_not_be_the_spot(tmp_path: Path) -> None:
    vocab = "touchpoints:\n  门店接待台:\n    aliases: [前台]\n"
    good = case_text(
        "20261101-aaaa",
        "  touchpoint: 门店接待台\n  from: ' 预约 '\n  problem: p\n",
        "scene:\n  path: [预约, 前台]\n",
    )
    same = case_text("20261101-bbbb", "  touchpoint: 门店接待台\n  from: 前台\n  problem: p\n")
    data = check_json(
        workspace(tmp_path, {"20261101-aaaa": good, "20261101-bbbb": same}, touchpoints=vocab),
        code=1,
    )
    assert [(p["file"], p["field"]) for p in data["problems"]] == [
        ("cases/20261101-bbbb.yaml", "spot.from")
    ]


def test_case_list_names_the_handover_as_the_vocabulary_does(tmp_path: Path) -> None:
    vocab = "touchpoints:\n  门店接待台:\n    aliases: [前台]\n  预约试驾:\n    aliases: [预约]\n"
    spot = "  touchpoint: 前台\n  from: 预约\n  problem: p\n"
    text = case_text("20261101-aaaa", spot, "scene:\n  path: [预约, 前台]\n")
    cli = workspace(tmp_path, {"20261101-aaaa": text}, touchpoints=vocab)
    [row] = json.loads(cli("case", "list", "--json").stdout)["cases"]
    assert (row["touchpoint"], row["from"]) == ("门店接待台", "预约试驾")


def test_blind_spots_are_touchpoints_no_case_touches(tmp_path: Path) -> None:
    at_detail = "split:\n  - id: d1\n    detail: x\n    at: 预约\n"
    cases = {
        "20261101-aaaa": case_text(
            "20261101-aaaa", PAIN, "scene:\n  path: [官网, 预约, 前台, 展厅]\n" + at_detail
        ),
        "20261101-bbbb": case_text(
            "20261101-bbbb",
            "  touchpoint: 试驾\n  from: 展厅\n  problem: p\n",
            "scene:\n  path: [展厅, 试驾]\n",
        ),
    }
    data = journey_json(workspace(tmp_path, cases))
    state = {t["name"]: (t["touched"], t["blind"]) for t in data["touchpoints"]}
    assert state == {
        "官网": (0, True),
        "预约": (1, False),  # a detail lies there
        "前台": (1, False),
        "展厅": (1, False),  # the handover starts there
        "试驾": (1, False),
    }


def test_gains_are_counted_apart_and_unrated_pains_stay_out_of_the_mean(tmp_path: Path) -> None:
    gain = "  kind: gain\n  touchpoint: 前台\n  problem: 一进门就被叫出名字\n  evidence: [e]\n"
    unrated = "  touchpoint: 前台\n  problem: p\n  evidence: [e]\n"
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", PAIN),
        "20261101-bbbb": case_text("20261101-bbbb", gain),
        "20261101-cccc": case_text("20261101-cccc", unrated),
        "20261101-dddd": case_text("20261101-dddd", "  touchpoint: 试驾\n  problem: p\n"),
    }
    cli = workspace(tmp_path, cases)
    tps = {t["name"]: t for t in journey_json(cli)["touchpoints"]}
    desk = tps["前台"]
    assert (desk["cases"], desk["open"], desk["gains"], desk["severity"]) == (2, 2, 1, 4.0)
    assert tps["试驾"]["severity"] is None  # every pain there unrated: null, never 3
    rows = {r["id"]: r for r in json.loads(cli("case", "list", "--json").stdout)["cases"]}
    assert rows["20261101-cccc"]["severity"] is None
    assert rows["20261101-bbbb"]["severity"] is None
    assert (rows["20261101-bbbb"]["kind"], rows["20261101-aaaa"]["kind"]) == ("gain", "pain")
    listing = cli("case", "list").stdout
    assert "unrated" in listing and "gain" in listing
    shown = json.loads(cli("case", "show", "20261101-bbbb", "--json").stdout)["case"]
    assert shown["spot"]["kind"] == "gain"
    assert shown["derived"]["severity"] is None
    assert "severity unrated" in cli("case", "show", "20261101-cccc").stdout


def test_a_gain_has_no_severity(tmp_path: Path) -> None:
    gain = "  kind: gain\n  touchpoint: 前台\n  problem: p\n  severity: 2\n"
    data = check_json(
        workspace(tmp_path, {"20261101-aaaa": case_text("20261101-aaaa", gain)}), code=1
    )
    assert [p["field"] for p in data["problems"]] == ["spot.severity"]


def test_hot_spots_rank_open_pains_weighted_for_key_moments_and_the_brand_promise(
    tmp_path: Path,
) -> None:
    def pain(n: int, touchpoint: str, solved: bool = False) -> str:
        done = (
            "solve:\n  - id: s1\n    action: a\n    status: done\n    owner: o\n" if solved else ""
        )
        spot = f"  touchpoint: {touchpoint}\n  problem: p\n  severity: 5\n  evidence: [e]\n"
        return case_text(f"20261101-{n:04d}", spot, done)

    cases = {
        f"20261101-{n:04d}": text
        for n, text in enumerate(
            [
                pain(1, "展厅"),
                pain(2, "展厅"),
                pain(3, "前台"),  # key: 1.5
                pain(4, "试驾"),  # brand: 1.5
                pain(5, "预约", solved=True),
                pain(6, "预约", solved=True),
                pain(7, "预约", solved=True),
            ],
            start=1,
        )
    }
    cli = workspace(tmp_path, cases, touchpoints=VOCABULARY)
    out = cli("journey", "show").stdout
    assert "Hot spots: 展厅 (2), 前台 (1), 试驾 (1)" in out
    assert "预约 (" not in out.split("Hot spots:")[1].splitlines()[0]


def test_the_four_journey_elements_follow_their_definitions(tmp_path: Path) -> None:
    vocab = "touchpoints:\n  官网:\n    stage: 了解\n  前台:\n    stage: 到店\n"
    scene = "scene:\n  customer: c\n  goal: g\n  path: [官网, 前台]\n"
    cases = {
        "20261101-aaaa": case_text("20261101-aaaa", PAIN, scene),
        "20261101-bbbb": case_text(
            "20261101-bbbb", "  touchpoint: 官网\n  problem: p\n", "scene:\n  path: [官网, 前台]\n"
        ),
    }
    data = journey_json(workspace(tmp_path, cases, touchpoints=vocab))
    stages = {s["name"]: s for s in data["stages"]}
    # 了解 is touched by case b only: a passes 官网 without touching it
    assert stages["了解"]["elements"] == {
        "touchpoints": True,
        "pathways": True,  # two cases pass along 官网 → 前台, out of the stage
        "scenes": False,  # b's scene has no customer and no goal
        "pains": False,  # b's pain has no evidence
    }
    assert stages["到店"]["elements"] == {
        "touchpoints": True,
        "pathways": True,
        "scenes": True,
        "pains": True,
    }
    assert stages["了解"]["agreed"] is False


def test_measure_is_a_verified_effect_in_numbers(tmp_path: Path) -> None:
    solved = (
        "solve:\n  - id: s1\n    action: a\n    status: verified\n    owner: o\n"
        "    measure:\n      name: 平均等待\n      unit: 分钟\n      before: 15\n      after: 2.5\n"
    )
    cli = workspace(tmp_path, {"20261101-aaaa": case_text("20261101-aaaa", PAIN, solved)})
    assert "verified-without-result" not in cli("check").stdout
    assert "平均等待: 15 分钟 → 2.5 分钟" in cli("case", "show", "20261101-aaaa").stdout
    shown = json.loads(cli("case", "show", "20261101-aaaa", "--json").stdout)["case"]
    assert shown["solve"][0]["measure"] == {
        "name": "平均等待",
        "unit": "分钟",
        "before": 15,
        "after": 2.5,
    }
    for bad in ("true", ".nan", "很多"):
        text = case_text("20261101-aaaa", PAIN, solved.replace("after: 2.5", f"after: {bad}"))
        broken = workspace(tmp_path / bad.strip("."), {"20261101-aaaa": text})
        problems = check_json(broken, code=1)["problems"]
        assert [p["field"] for p in problems] == ["solve[0].measure.after"], bad


def test_schema_knows_the_new_fields() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(Cli(REPO)("schema").stdout)
    validator = Draft202012Validator(schema)
    doc = yaml.safe_load(
        case_text(
            "20261101-aaaa",
            "  kind: gain\n  touchpoint: 前台\n  from: 预约\n  problem: p\n",
            "split:\n  - id: d1\n    detail: x\n    at: 预约\n    cause: c\n"
            "solve:\n  - id: s1\n    action: a\n    measure: {name: n, before: 1, after: 2}\n",
        )
    )
    doc["created"], doc["updated"] = str(doc["created"]), str(doc["updated"])
    assert list(validator.iter_errors(doc)) == []
    doc["spot"]["kind"] = "bright"
    assert [e.path[-1] for e in validator.iter_errors(doc)] == ["kind"]


# --- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((REPO / "cases").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_case_is_written_back_byte_for_byte(path: Path) -> None:
    from ssvssj.store.loading import load_case
    from ssvssj.store.store import load_settings

    _, vocabulary, _ = load_settings(REPO)
    original = path.read_bytes()
    case, problems = load_case(f"cases/{path.name}", original, vocabulary)
    assert case is not None, problems
    assert update_document(original, to_document(case)) == original


def test_a_1_0_case_changed_by_the_tool_changes_only_its_line(tmp_path: Path) -> None:
    solved = "solve:\n  - id: s1\n    action: a\n    status: doing\n    owner: o\n"
    text = case_text("20261101-aaaa", PAIN, solved)
    cli = workspace(tmp_path, {"20261101-aaaa": text})
    cli("case", "solve", "20261101-aaaa", "s1", "--status", "done")
    after = (cli.root / "cases" / "20261101-aaaa.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(text.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [
        ("updated: 2026-11-10", "updated: 2026-11-23"),
        ("    status: doing", "    status: done"),
    ]


def test_case_new_takes_kind_handover_and_the_default_consultant(tmp_path: Path) -> None:
    config = CONFIG + "consultant: 王敏\n"
    cli = workspace(tmp_path, {}, config=config)
    args = ("case", "new", "--no-input", "--title", "t", "--touchpoint", "前台", "--problem", "p")
    written = cli(*args, "--kind", "gain", "--handover", "预约").stdout.strip()
    text = (cli.root / written).read_text(encoding="utf-8")
    assert "  kind: gain\n  touchpoint: 前台\n  from: 预约\n" in text
    assert "consultant: 王敏\n" in text
    pain = cli(*args, "--kind", "pain", "--consultant", "李想").stdout.strip()
    text = (cli.root / pain).read_text(encoding="utf-8")
    assert "kind:" not in text and "consultant: 李想\n" in text
    data = journey_json(cli)
    assert [(p["from"], p["to"], p["problems"]) for p in data["pathways"]] == [("预约", "前台", 0)]
    rows = json.loads(cli("case", "list", "--json").stdout)["cases"]
    assert sorted((r["kind"], r["from"]) for r in rows) == [("gain", "预约"), ("pain", None)]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (("--severity", "9"), "--severity：严重程度须为 1–5 的整数，现为“9”"),
        (("--severity", "五"), "--severity：严重程度须为 1–5 的整数，现为“五”"),
        (("--kind", "好"), "--kind：“好”不在可选项中：1 痛点、2 亮点"),
    ],
)
def test_case_new_refuses_an_option_value_in_the_users_words(
    tmp_path: Path, option: tuple[str, str], message: str
) -> None:
    cli = workspace(tmp_path, {}, config=CONFIG.replace("language: en", "language: zh"))
    args = ("case", "new", "--no-input", "--title", "t", "--touchpoint", "前台", "--problem", "p")
    output = cli(*args, *option, code=2).output
    assert message in output
    assert not any(word in output for word in ("Invalid", "Input should", "range"))


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("亮点", "gain"), ("2", "gain"), ("痛点", None), ("1", None), ("Gain", "gain")],
)
def test_case_new_takes_the_kind_as_every_other_choice(
    tmp_path: Path, typed: str, kind: str | None
) -> None:
    cli = workspace(tmp_path, {})
    args = ("case", "new", "--no-input", "--title", "t", "--touchpoint", "前台", "--problem", "p")
    rated = ("--severity", "３") if kind is None else ()
    written = cli(*args, "--kind", typed, *rated).stdout
    text = (cli.root / written.strip()).read_text(encoding="utf-8")
    assert ("  kind: gain\n" in text) == (kind == "gain")
    assert ("severity: 3" in text) == (kind is None)


def test_check_names_every_choice_in_the_users_words(tmp_path: Path) -> None:
    config = CONFIG.replace("language: en", "language: zh")
    config += "rules:\n  spot-without-evidnce: warning\n  stale: loud\n"
    spot = "  kind: neutral\n  touchpoint: 柜台\n  problem: p\n"
    measure = "solve:\n  - id: s1\n    action: a\n    measure: {name: n, before: abc, after: 2}\n"
    cli = workspace(
        tmp_path,
        {"20261101-aaaa": case_text("20261101-aaaa", spot, measure)},
        config=config,
        touchpoints="touchpoints:\n  柜台:\n    promise: 好\n",
    )
    messages = {p["field"]: p["message"] for p in check_json(cli, code=1)["problems"]}
    assert (
        messages["spot.kind"] == "类型须为以下之一：`pain`（痛点）、`gain`（亮点），现为“neutral”"
    )
    assert (
        messages["rules.stale"]
        == "规则 `stale` 的级别须为以下之一：`off`、`warning`、`error`，现为“loud”"
    )
    assert messages["touchpoints.柜台.promise"].startswith(
        "承诺级别须为以下之一：`brand`（品牌主张）、`basic`（基本要求），"
    )
    unknown = messages["rules.spot-without-evidnce"]
    assert (
        "[key]" not in unknown
        and "`spot-without-evidence`、`unrated`、`overdue`、`stale`" in unknown
    )
    assert messages["solve[0].measure.before"] == "改善前须为数字，现为“abc”"


def test_case_show_speaks_of_a_gain_on_a_handover_in_chinese_typography(tmp_path: Path) -> None:
    spot = "  kind: gain\n  touchpoint: 柜台\n  from: 取号机\n  problem: p\n"
    rest = (
        "scene:\n  path: [取号机, 柜台]\nsolve:\n  - id: s1\n    action: a\n"
        "    measure: {name: 平均等待, before: 40, after: 10, unit: 分钟}\n"
    )
    config = CONFIG.replace("language: en", "language: zh")
    cli = workspace(
        tmp_path, {"20261101-aaaa": case_text("20261101-aaaa", spot, rest)}, config=config
    )
    shown = cli("case", "show", "20261101-aaaa").stdout
    header = shown.splitlines()[1]
    assert "类型：亮点" in header and "严重程度" not in header
    assert "取号机 → 柜台 的交接" in shown
    assert "平均等待：40 分钟 → 10 分钟" in shown and "平均等待:" not in shown


def test_an_unrated_pain_is_marked_in_full_width_brackets_in_chinese_exports(
    tmp_path: Path,
) -> None:
    spot = "  touchpoint: 柜台\n  problem: 等了很久\n"
    config = CONFIG.replace("language: en", "language: zh")
    cli = workspace(tmp_path, {"20261101-aaaa": case_text("20261101-aaaa", spot)}, config=config)
    blueprint = cli("journey", "export", "--format", "blueprint").stdout
    assert "（未评） 等了很久" in blueprint and "[未评]" not in blueprint
    svg = cli("journey", "export", "--format", "svg").stdout
    assert "（未评）" in svg and "[未评]" not in svg
