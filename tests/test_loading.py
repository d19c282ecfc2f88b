"""Every kind of bad case file gives a located problem, and good neighbours still load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ssvssj.i18n import set_language
from ssvssj.store.store import load_workspace

GOOD = """schema_version: 1
id: {id}
title: 好的案例
created: 2026-11-02
spot:
  touchpoint: 前台
  problem: 等了很久
"""


def write(root: Path, name: str, data: bytes | str) -> None:
    path = root / "cases" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def good(case_id: str = "20261102-good") -> str:
    return GOOD.format(id=case_id)


@pytest.fixture(autouse=True)
def _chinese() -> Iterator[None]:
    """Messages in the example workspace's language, whatever a test before set."""
    set_language("zh")
    yield
    set_language("en")


def with_line(text: str, after: str, line: str) -> str:
    return text.replace(after, f"{after}\n{line}", 1)


BAD = {
    "syntax": (
        "20261102-bad1",
        good("20261102-bad1") + "scene: [unclosed\n",
        9,
        None,
        "YAML 语法错误",
    ),
    "wrong-type": (
        "20261102-bad1",
        good("20261102-bad1").replace("title: 好的案例", "title: [a, b]"),
        3,
        "title",
        "标题须为文字，现为列表",
    ),
    "out-of-range": (
        "20261102-bad1",
        with_line(good("20261102-bad1"), "  problem: 等了很久", "  severity: 7"),
        8,
        "spot.severity",
        "严重程度须为 1–5 的整数，现为 7",
    ),
    "unknown-key": (
        "20261102-bad1",
        with_line(good("20261102-bad1"), "  problem: 等了很久", "  sevrity: 3"),
        8,
        "spot.sevrity",
        "未知的键“sevrity”",
    ),
    "missing-required": (
        "20261102-bad1",
        good("20261102-bad1").replace("  problem: 等了很久\n", ""),
        5,
        "spot.problem",
        "缺少必填项：问题",
    ),
    "id-not-file-name": (
        "20261102-bad1",
        good("20261102-zzzz"),
        2,
        "id",
        "须与文件名“20261102-bad1”一致",
    ),
    "bad-id-shape": ("20261102-bad1", good("2026-1102"), 2, "id", "编号须形如 20261102-k3f9"),
    "path-misses-spot": (
        "20261102-bad1",
        good("20261102-bad1") + "scene:\n  path: [官网, 试驾]\n",
        9,
        "scene.path",
        "客户路径须包含发现问题的触点",
    ),
    "addresses-unknown-detail": (
        "20261102-bad1",
        good("20261102-bad1")
        + "split:\n  - id: d1\n    detail: x\nsolve:\n  - id: s1\n    action: a\n"
        + "    addresses: [d1, d9]\n",
        14,
        "solve[0].addresses[1]",
        "“d9”不是拆解细节中任何细节的编号",
    ),
    "duplicate-detail-id": (
        "20261102-bad1",
        good("20261102-bad1") + "split:\n  - id: d1\n    detail: x\n  - id: d1\n    detail: y\n",
        11,
        "split[1].id",
        "拆解细节中的编号“d1”重复",
    ),
    "duplicate-solution-id": (
        "20261102-bad1",
        good("20261102-bad1") + "solve:\n  - id: s1\n    action: a\n  - id: s1\n    action: b\n",
        11,
        "solve[1].id",
        "制定方案中的编号“s1”重复",
    ),
    "invalid-date": (
        "20261102-bad1",
        good("20261102-bad1").replace("created: 2026-11-02", "created: 2026-02-30"),
        4,
        "created",
        "2026 年 2 月没有 30 日",
    ),
    "gbk": (
        "20261102-bad1",
        good("20261102-bad1").encode("gbk"),
        None,
        None,
        "看起来是 GBK/GB18030",
    ),
    "utf16": ("20261102-bad1", good("20261102-bad1").encode("utf-16"), None, None, "UTF-16"),
    "empty": ("20261102-bad1", "", None, None, "文件是空的"),
    "only-comments": ("20261102-bad1", "# nothing yet\n", None, None, "文件是空的"),
    "top-level-list": ("20261102-bad1", "- a\n- b\n", 1, None, "文件须为键值映射，而不是列表"),
    "alias-bomb": (
        "20261102-bad1",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        2,
        None,
        "不允许使用 YAML 别名（*a）",
    ),
    "future-schema": (
        "20261102-bad1",
        good("20261102-bad1").replace("schema_version: 1", "schema_version: 2"),
        1,
        "schema_version",
        "比这个版本的 ssvssj 能读的（1）更新",
    ),
    "huge": ("20261102-bad1", "# " + "x" * (3 * 1024 * 1024) + "\n", None, None, "文件太大"),
    "deep-flow-nesting": (
        "20261102-bad1",
        good("20261102-bad1") + "extra: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n",
        8,
        None,
        "YAML 嵌套超过 64 层",
    ),
    "deep-block-nesting": (
        "20261102-bad1",
        good("20261102-bad1") + "extra:\n" + "- " * 500_000 + "z\n",
        9,
        None,
        "YAML 嵌套超过 64 层",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_bad_file_is_one_located_problem_and_hides_nothing(empty: Path, kind: str) -> None:
    stem, data, line, field, message = BAD[kind]
    write(empty, f"{stem}.yaml", data)
    write(empty, "20261102-good.yaml", good())
    workspace = load_workspace(empty)
    assert [case.id for case in workspace.cases] == ["20261102-good"]
    assert len(workspace.problems) == 1, workspace.problems
    problem = workspace.problems[0]
    assert problem.file == f"cases/{stem}.yaml"
    assert problem.line == line
    assert problem.field == field
    assert message in problem.message


def test_bom_and_crlf_are_fine(empty: Path) -> None:
    write(empty, "20261102-good.yaml", b"\xef\xbb\xbf" + good().replace("\n", "\r\n").encode())
    workspace = load_workspace(empty)
    assert not workspace.problems
    assert workspace.cases[0].spot.problem == "等了很久"


def test_duplicate_ids_across_folders_are_reported(empty: Path) -> None:
    write(empty, "a/20261102-good.yaml", good())
    write(empty, "b/20261102-good.yaml", good())
    set_language("en")
    workspace = load_workspace(empty)
    assert len(workspace.cases) == 1
    assert [str(p) for p in workspace.problems] == [
        "cases/b/20261102-good.yaml: id: duplicate id '20261102-good': also in "
        "cases/a/20261102-good.yaml"
    ]


def test_aliases_of_the_spot_touchpoint_satisfy_the_path_rule(empty: Path) -> None:
    (empty / "touchpoints.yaml").write_text(
        "touchpoints:\n  门店接待台:\n    aliases: [前台]\n", encoding="utf-8"
    )
    write(empty, "20261102-good.yaml", good() + "scene:\n  path: [官网, 门店接待台]\n")
    assert not load_workspace(empty).problems


def test_a_symlink_leading_out_of_the_workspace_is_refused(empty: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(good("20261102-link"), encoding="utf-8")
    (empty / "cases" / "20261102-link.yaml").symlink_to(outside)
    workspace = load_workspace(empty)
    assert not workspace.cases
    assert "符号链接指向工作区之外" in workspace.problems[0].message


def test_a_yml_file_is_not_silently_ignored(empty: Path) -> None:
    write(empty, "20261102-good.yml", good())
    assert "案例文件须以 `.yaml` 结尾" in load_workspace(empty).problems[0].message


def test_all_problems_of_all_files_in_one_run(empty: Path) -> None:
    bad = with_line(good("20261102-bad1"), "  problem: 等了很久", "  severity: 9\n  sevrity: 1")
    write(empty, "20261102-bad1.yaml", bad.replace("title: 好的案例", "title: [x]"))
    write(empty, "20261102-bad2.yaml", "")
    problems = load_workspace(empty).problems
    assert sorted((p.file, p.field) for p in problems) == [
        ("cases/20261102-bad1.yaml", "spot.severity"),
        ("cases/20261102-bad1.yaml", "spot.sevrity"),
        ("cases/20261102-bad1.yaml", "title"),
        ("cases/20261102-bad2.yaml", None),
    ]


@pytest.mark.parametrize(
    ("vocabulary", "message"),
    [
        (
            "touchpoints:\n  前台:\n    aliases: [接待台]\n  接待台: {}\n",
            "“接待台”既是“前台”的别名，又是单独的触点",
        ),
        (
            "touchpoints:\n  前台:\n    aliases: [大堂]\n  展厅:\n    aliases: [大堂]\n",
            "别名“大堂”已经是触点“前台”的名称或别名",
        ),
        ("touchpoints:\n  前台:\n    alias: [大堂]\n", "未知的键“alias”"),
        ("touchpoints: [前台]\n", "触点须为键值映射"),
    ],
)
def test_vocabulary_conflicts_are_problems(empty: Path, vocabulary: str, message: str) -> None:
    (empty / "touchpoints.yaml").write_text(vocabulary, encoding="utf-8")
    problems = load_workspace(empty).problems
    assert len(problems) == 1
    assert problems[0].file == "touchpoints.yaml"
    assert message in problems[0].message


def test_full_width_and_case_variants_name_the_same_touchpoint(empty: Path) -> None:
    (empty / "touchpoints.yaml").write_text(
        "touchpoints:\n  App:\n    aliases: [客户端]\n", encoding="utf-8"
    )
    workspace = load_workspace(empty)
    for spelling in ("app", " APP ", "ＡＰＰ", "客户端"):
        assert workspace.vocabulary.canonical(spelling) == "App"
