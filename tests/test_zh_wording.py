"""Chinese messages read as Chinese: the rule's name leads a finding, counts say which part of
a whole is shown, and vocabulary files are named by the glossary's words."""

from pathlib import Path

import pytest

from tests.conftest import Cli


def test_a_method_finding_names_its_rule_first_without_stacked_brackets(cli_example: Cli) -> None:
    said = cli_example("check").output
    assert "updated: 停滞：未解决，已 15 天没有更新（超过 14 天即为停滞） [stale]" in said
    assert "view: 缺少客户视角：视角分析中还没有一条从客户出发 [no-customer-view]" in said
    assert "）（" not in said


def test_variants_say_whether_every_path_is_shown(cli_example: Cli) -> None:
    some = cli_example("journey", "variants", "--top", "3").output
    assert "常见路径：前 3 种，共 16 种路径（17 个案例）" in some
    every = cli_example("journey", "variants", "--top", "100").output
    assert "常见路径：全部 16 种路径（17 个案例）" in every
    assert " 序 " in every


def test_gaps_name_the_vocabulary_by_its_word(cli_example: Cli) -> None:
    said = cli_example("journey", "gaps").output
    assert "触点词表中没有负责部门" in said
    assert "touchpoints.yaml 中" not in said


def test_the_unnamed_stage_note_claims_no_named_stages(cli_example: Cli) -> None:
    said = cli_example("journey", "show").output
    assert "未命名阶段：触点词表没有为其中的触点命名阶段，按案例中的客户路径归组" in said
    assert "已命名的阶段之间" not in said


def test_a_value_past_its_bound_is_told_as_the_rule_it_breaks(cli_example: Cli) -> None:
    config = cli_example.root / "ssvssj.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        "\n".join(
            "stale_after_days: -1" if line.startswith("stale_after_days:") else line
            for line in text.splitlines()
        )
        + "\n",
        encoding="utf-8",
    )
    said = cli_example("check", code=1).output
    assert "stale_after_days: 停滞天数须不小于 0，现为 -1" in said


def test_a_gain_case_report_labels_its_text_as_a_highlight(cli_example: Cli) -> None:
    text = cli_example("report", "case", "20261110-f9d2", "--no-history", "-o", "-").stdout
    assert "- **亮点**：" in text
    assert "- **问题**：" not in text


def test_the_blueprint_places_a_detail_cause_at_its_own_touchpoint(cli_example: Cli) -> None:
    import csv
    import io

    rows = list(
        csv.reader(io.StringIO(cli_example("journey", "export", "--format", "blueprint").stdout))
    )
    header = rows[0]
    causes = next(row for row in rows if row[0] == "根因（细节）")
    at = dict(zip(header, causes, strict=True))
    assert "预约数据不同步：线上预约不同步到门店系统" in at["预约试驾"]
    assert "线上预约不同步到门店系统" not in at["门店接待台"]


def test_strict_stops_in_chinese(cli_example: Cli) -> None:
    case = cli_example.root / "cases" / "20261102-k3f9.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("severity: 4", "severity: 9"))
    said = cli_example("journey", "show", "--strict", code=1).output
    assert "错误：发现 2 个问题（`--strict`）" in said, said
    assert "problem(s) found" not in said


def test_a_file_changed_under_a_write_is_told_in_chinese(tmp_path: Path) -> None:
    from ssvssj.errors import ConcurrentChange
    from ssvssj.i18n import set_language
    from ssvssj.store.files import write_atomic

    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: b\n")
    set_language("zh")
    with pytest.raises(ConcurrentChange) as raised:
        write_atomic(path, b"title: c\n", expected=b"title: a\n")
    assert str(raised.value).startswith("x.yaml 在读取之后被改动了"), str(raised.value)
    assert path.read_bytes() == b"title: b\n"
