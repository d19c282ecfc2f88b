"""`journey show`, `journey export` options and `touchpoints`, as typed in a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ssvssj.confine import MAX_FILE_BYTES
from ssvssj.i18n import set_language
from ssvssj.journey.infer import infer
from ssvssj.journey.suggest import edit_distance, suggest_aliases
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from tests.conftest import Cli
from tests.gitrepo import case as case_data
from tests.gitrepo import write_case


def test_journey_show_names_stages_pain_and_blind_spots(cli_example: Cli) -> None:
    out = cli_example("journey", "show").stdout
    assert "17 个案例 · 13 个触点 · 8 个阶段" in out
    assert out.index("了解") < out.index("到店") < out.index("成交") < out.index("用车")
    assert "盲区：展厅" in out  # 预约试驾 is touched: handovers and details lie there
    # these details name their cause: listed once, by that name, not again by their words
    assert "反复出现的根因：线上预约不同步到门店系统" not in out
    assert "反复出现的根因：预约数据不同步——2 个案例，在预约试驾" in out
    assert "最繁忙的通路" in out


def test_journey_show_json_is_the_export(cli_example: Cli) -> None:
    shown = cli_example("journey", "show", "--json").stdout
    exported = cli_example("journey", "export", "--format", "json").stdout
    assert shown == exported


def test_journey_filters_from_the_command_line(cli_example: Cli) -> None:
    data = json.loads(cli_example("journey", "export", "-f", "json", "--tag", "售后").stdout)
    assert data["cases"] == 3
    data = json.loads(
        cli_example("journey", "export", "-f", "json", "--since", "2026-11-15").stdout
    )
    assert data["cases"] == 4
    data = json.loads(cli_example("journey", "export", "-f", "json", "--min-count", "2").stdout)
    rare = [(p["from"], p["to"]) for p in data["pathways"] if p["count"] < 2]
    assert rare == [
        ("在线咨询", "预约试驾"),
        ("门店接待台", "展厅休息区"),
        ("金融方案", "报价"),
        ("金融方案", "签约"),
        ("交车", "首保"),
    ]
    names = {t["name"] for t in data["touchpoints"]}
    linked = {p["from"] for p in data["pathways"]} | {p["to"] for p in data["pathways"]}
    assert names == linked


def test_a_bad_date_is_a_usage_error(cli_example: Cli) -> None:
    result = cli_example("journey", "show", "--since", "11/02/2026", code=2)
    assert "--since：“11/02/2026”不是日期，请写成 2026-11-02、2026/11/2" in result.output


def test_strict_makes_a_bad_file_fatal(cli_example: Cli) -> None:
    (cli_example.root / "cases" / "20261201-bad1.yaml").write_text("[]\n", encoding="utf-8")
    cli_example("journey", "show")
    result = cli_example("journey", "show", "--strict", code=1)
    assert "cases/20261201-bad1.yaml" in result.output


def test_touchpoints_lists_counts_and_spellings(cli_example: Cli) -> None:
    out = cli_example("touchpoints").stdout
    assert "门店接待台" in out and "前台、接待台" in out
    rows = json.loads(cli_example("touchpoints", "--json").stdout)["touchpoints"]
    desk = next(r for r in rows if r["name"] == "门店接待台")
    assert (desk["cases"], desk["spellings"]) == (3, ["前台", "接待台"])


def test_suggest_prints_a_snippet_and_changes_nothing(cli_example: Cli) -> None:
    before = (cli_example.root / "touchpoints.yaml").read_bytes()
    out = cli_example("touchpoints", "--suggest").stdout
    # 展厅 inside 展厅休息区 is no reason alone: they may be two touchpoints
    assert "展厅休息区" not in out
    assert (cli_example.root / "touchpoints.yaml").read_bytes() == before


def test_the_snippet_carries_what_touchpoints_yaml_says_of_the_kept_name(
    cli_example: Cli,
) -> None:
    """A name written with one character wrong (金融方桉) is suggested, and the entry to paste
    keeps the aliases and owner that touchpoints.yaml already gives the kept name."""
    source = (cli_example.root / "cases" / "20261104-m2pq.yaml").read_text(encoding="utf-8")
    variant = source.replace("20261104-m2pq", "20261104-z9z9").replace("金融方案", "金融方桉")
    (cli_example.root / "cases" / "20261104-z9z9.yaml").write_text(variant, encoding="utf-8")
    before = (cli_example.root / "touchpoints.yaml").read_bytes()
    out = cli_example("touchpoints", "--suggest").stdout
    pasted = yaml.safe_load(out[out.index("touchpoints:") :])
    assert pasted == {
        "touchpoints": {"金融方案": {"aliases": ["贷款方案", "金融方桉"], "owner": "金融部"}}
    }
    assert (cli_example.root / "touchpoints.yaml").read_bytes() == before


def case(n: int, spot: str, path: list[str]) -> Case:
    return Case.model_validate(
        {
            "schema_version": 1,
            "id": f"20261102-{n:04d}",
            "title": "t",
            "created": "2026-11-02",
            "spot": {"touchpoint": spot, "problem": "p"},
            "scene": {"path": path},
        }
    )


def test_names_in_the_same_place_between_the_same_neighbours_are_suggested() -> None:
    cases = [case(i, "报价", ["试驾", "报价", "签约"]) for i in range(3)]
    cases.append(case(7, "议价环节", ["试驾", "议价环节", "签约"]))
    set_language("zh")
    try:
        found = suggest_aliases(infer(cases, Vocabulary()), Vocabulary())
    finally:
        set_language("en")
    assert [(s.keep, s.alias) for s in found] == [("报价", "议价环节")]
    assert found[0].reasons[0].startswith("位置相同：前面是试驾，后面是签约")


def test_the_suggested_snippet_pasted_is_a_valid_vocabulary() -> None:
    """Each name in one group only; names quoted as written; a name inside a longer one is not
    its alias on that ground alone (试驾 and 预约试驾 are two touchpoints)."""
    from ssvssj.journey.suggest import snippet
    from ssvssj.journey.vocabulary import build_vocabulary
    from ssvssj.method.models import VocabularyFile

    names = ["4S店前台", "4S店前台", "4s店 前台", "前台", "前台", "预约试驾", "试驾"]
    names += ["ABC门店接待", "abc门店接待台"]
    cases = [case(i, name, ["官网", name]) for i, name in enumerate(names)]
    set_language("zh")
    try:
        found = suggest_aliases(infer(cases, Vocabulary()), Vocabulary())
    finally:
        set_language("en")
    assert [(s.keep, s.alias) for s in found] == [
        ("4S店前台", "4s店 前台"),
        ("ABC门店接待", "abc门店接待台"),
    ]
    assert found[0].reasons == ("相差 1 个字",)
    assert found[1].reasons == ("“ABC门店接待”是“abc门店接待台”的一部分", "相差 1 个字")
    pasted = VocabularyFile.model_validate(snippet(found, Vocabulary()))
    assert build_vocabulary(pasted)[1] == []


def test_names_on_one_path_together_are_not_the_same_place() -> None:
    cases = [case(1, "a", ["x", "a", "y"]), case(2, "b", ["x", "b", "y"]), case(3, "a", ["a", "b"])]
    assert suggest_aliases(infer(cases, Vocabulary()), Vocabulary()) == []


def test_edit_distance_counts_characters() -> None:
    assert edit_distance("门店接待台", "门店接待处") == 1
    assert edit_distance("front desk", "frontdesk") == 1
    assert edit_distance("", "abc") == 3


def test_invisible_characters_do_not_make_another_touchpoint() -> None:
    from ssvssj.journey.vocabulary import name_key

    for hidden in ("前\u200b台", "\ufeff前台", "前\u200d台\u200e", "前\u00ad台"):
        assert name_key(hidden) == name_key("前台")


def test_edit_distance_within_a_limit_is_exact_and_stops_beyond_it() -> None:
    assert edit_distance("门店接待台", "门店接待处", limit=1) == 1
    assert edit_distance("front desk", "back office", limit=2) == 3
    assert edit_distance("a" * 6000, "b" * 6000, limit=3) == 4


def test_a_cause_longer_than_its_limit_is_a_format_problem_and_never_compared(
    tmp_path: Path,
) -> None:
    """Five causes of 6,000 characters took `causes --suggest` a minute: every pair of names
    was compared character by character."""
    from ssvssj.journey.infer import Cause
    from ssvssj.journey.suggest import suggest_cause_aliases

    workspace = tmp_path / "ws"
    Cli(tmp_path)("init", str(workspace), "--name", "测试", "--language", "zh")
    for n in range(1, 6):
        detail = {"id": "d1", "detail": "系统不同步", "cause": "系统" * 3000 + str(n)}
        write_case(
            workspace, case_data(f"2026110{n}-aaaa", f"案例{n}", "前台", ["前台"], 3, [detail])
        )
    checked = Cli(workspace)("check", code=1).stdout
    assert checked.count("split[0].cause: 根因太长：最多 200") == 5, checked
    suggested = Cli(workspace)("causes", "--suggest").stdout
    assert "系统系统" not in suggested
    long_causes = [Cause("系统" * 3000 + str(n), [], [], [], []) for n in range(2)]
    assert suggest_cause_aliases(long_causes, Vocabulary()) == []


def test_a_named_cause_is_listed_once_and_text_groups_only_details_without_one(
    tmp_path: Path,
) -> None:
    """Details that name a cause are grouped by that cause only; details alike in words group
    only where no cause is named, so one root cause is never listed twice."""
    workspace = tmp_path / "ws"
    Cli(tmp_path)("init", str(workspace), "--name", "测试", "--language", "zh")
    named = {"id": "d1", "detail": "系统不同步", "cause": "工单系统不同步"}
    for n, spot in ((1, "前台"), (2, "售后")):
        write_case(workspace, case_data(f"2026110{n}-aaaa", f"案例{n}", spot, [spot], 3, [named]))
    unnamed = {"id": "d1", "detail": "系统不同步"}
    for n, spot in ((3, "交车"), (4, "展厅")):
        write_case(workspace, case_data(f"2026110{n}-aaaa", f"案例{n}", spot, [spot], 3, [unnamed]))
    out = Cli(workspace)("journey", "show").stdout
    causes = [line.strip() for line in out.splitlines() if "反复出现的根因" in line]
    assert len(causes) == 2, out
    assert causes[0].startswith("反复出现的根因：系统不同步——出现在交车、展厅（2 个案例）")
    assert causes[1].startswith("反复出现的根因：工单系统不同步——2 个案例")


def test_causes_addressed_by_one_solution_are_suggested_in_the_users_words() -> None:
    from ssvssj.journey.infer import Cause
    from ssvssj.journey.suggest import suggest_cause_aliases

    shared = [("20261101-aaaa", "s1")]
    causes = [
        Cause("预约数据不同步", ["20261101-aaaa"], ["前台"], shared, []),
        Cause("系统之间没打通", ["20261102-bbbb"], ["展厅"], shared, []),
    ]
    set_language("zh")
    try:
        (found,) = suggest_cause_aliases(causes, Vocabulary())
    finally:
        set_language("en")
    assert "由同一方案处理：20261101-aaaa s1" in found.reasons


def test_a_journey_file_ruamel_refuses_is_a_located_problem_in_chinese(
    cli_example, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ssvssj.store import yamlwrite
    from ssvssj.store.yamlread import ReadError

    cli_example("journey", "accept")

    def refuse(original: bytes, doc: dict) -> bytes:
        raise ReadError("YAML 语法错误：此处缺少值（第 3 列）", 4)

    monkeypatch.setattr(yamlwrite, "update_document", refuse)
    result = cli_example("journey", "accept", code=2)
    assert result.output.startswith(
        "错误：journey.yaml 无法在原处改写；请先修正，或用 --force 覆盖"
    )
    assert "journey.yaml:4: YAML 语法错误：此处缺少值（第 3 列）" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("make", "told"),
    [
        (lambda path: os.mkfifo(path), "不是普通文件"),
        (lambda path: os.truncate(path.touch() or path, MAX_FILE_BYTES + 1), "文件太大"),
        (lambda path: path.symlink_to("/etc/hostname"), "符号链接指向工作区之外"),
        (lambda path: path.mkdir(), "不是普通文件"),
    ],
    ids=["fifo", "too-large", "link-out", "folder"],
)
def test_journey_accept_reads_journey_yaml_only_as_a_workspace_file(
    example: Path, make: Callable[[Path], object], told: str
) -> None:
    """A FIFO would block for ever, a huge file would fill the memory, a link would be read
    outside the workspace: each is one clear line, and nothing is written."""
    path = example / "journey.yaml"
    path.unlink(missing_ok=True)
    make(path)
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "--workspace", str(example), "journey", "accept"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, result.stderr
    assert "\n错误：无法读取 journey.yaml；没有写入任何内容\n" in result.stderr, result.stderr
    assert f"journey.yaml: {told}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("command", [["journey", "show"], ["touchpoints"]])
def test_a_journey_of_no_case_says_so_instead_of_an_empty_table(
    cli_empty: Cli, command: list[str], language: str
) -> None:
    said = cli_empty("--language", language, *command).output
    expected = {
        "zh": "没有可显示的触点：没有符合条件的有效案例（可用 `ssvssj case new` 记录；"
        "文件被跳过的原因见 `ssvssj check`）",
        "en": "no touchpoint to show: no valid case passes the filters (record one with",
    }[language]
    assert expected in said
    assert "─" not in said  # no table's rule


def test_a_filter_no_case_passes_says_so_too(cli_example: Cli) -> None:
    said = cli_example("journey", "show", "--tag", "no-such-tag").output
    assert "没有可显示的触点" in said
    assert "─" not in said
