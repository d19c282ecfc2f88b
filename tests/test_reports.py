"""Reports: golden bytes in both languages, a real Markdown linter, tables that parse into the
cells they meant to write, working links, template overrides and the sandbox."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ssvssj.cli.report import ReportKind, ReportLanguage
from ssvssj.reports.render import LANGUAGES, REPORTS, packaged_templates
from tests.conftest import REPO, Cli
from tests.golden import assert_golden
from tests.validators import markdownlint

HOSTILE_TEXTS = [
    "管道 | 符号",
    "<b>粗体</b> 与 <script>alert(1)</script>",
    "[点我](https://evil.example)",
    "# 不是标题",
    "`反引号` 与 ``` 围栏",
    "end",
    "1. 不是列表",
    "- 也不是列表",
    "星号 *强调* 与 _下划线_",
    "多行\n文本\r\n第三行",
    "反斜杠 \\| 管道",
    "www.example.com 与 a@b.cn",
    "subgraph",
    "&amp; 实体",
]


def report_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_report_of_the_example_matches_its_golden_file(
    cli_example: Cli, tmp_path: Path, language: str
) -> None:
    target = tmp_path / "out"
    cli_example("report", "all", "--lang", language, "-o", str(target))
    files = report_files(target)
    assert len(files) == 3 + 17
    for rel, data in files.items():
        assert_golden(f"reports/{language}/{rel}", data)


def test_the_example_reports_committed_in_the_repository_are_current(
    cli_example: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "out"
    cli_example("report", "all", "-o", str(target))
    assert report_files(target) == report_files(REPO / "reports")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_packaged_templates_as_a_workspace_s_own_give_the_same_reports(
    cli_example: Cli, tmp_path: Path, language: str
) -> None:
    """The bounds on a workspace's templates refuse nothing the packaged reports do."""
    shutil.copytree(packaged_templates(), cli_example.root / "templates")
    target = tmp_path / "out"
    cli_example("report", "all", "--lang", language, "-o", str(target))
    for rel, data in report_files(target).items():
        assert_golden(f"reports/{language}/{rel}", data)


def test_a_workspace_template_writes_large_numbers_and_ordinary_text(cli_example: Cli) -> None:
    """Bounds weigh what a template builds, not the size of a number it prints."""
    (cli_example.root / "templates").mkdir()
    (cli_example.root / "templates" / "index.md.j2").write_text(
        "{{ '%d' % 5000000 }} {{ '{:,}'.format(50000000) }} {{ 70000000 | round | int }} "
        "{{ '%s' | format(90000000) }} {{ ngettext('%(num)d case', '%(num)d cases', 6000000) }} "
        "{{ [1, 2] | join(', ') }} {{ 'a' ~ 'b' }} {{ 'x y'.split() | length }}\n",
        encoding="utf-8",
    )
    assert cli_example("report", "index").stdout == (
        "5000000 50,000,000 70000000 90000000 6000000 cases 1, 2 ab 2\n"
    )


def test_report_all_names_its_folder_as_found_from_here(
    cli_example: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(cli_example.root)
    assert cli_example("report", "all").stderr.startswith("reports/：写入 20 个")
    monkeypatch.chdir(cli_example.root / "cases")
    outside = str(cli_example.root / "reports")
    assert cli_example("report", "all").stderr.startswith(f"{outside}/：写入 0 个")
    assert cli_example("report", "all", "-o", "../out").stderr.startswith("../out/：写入 20 个")


def test_report_all_writes_only_what_changed(cli_example: Cli) -> None:
    first = cli_example("report", "all")
    assert "写入 20 个，未变 0 个，删除 0 个" in first.stderr
    index = cli_example.root / "reports" / "index.md"
    stamp = index.stat().st_mtime_ns
    second = cli_example("report", "all")
    assert "写入 0 个，未变 20 个，删除 0 个" in second.stderr
    assert index.stat().st_mtime_ns == stamp
    (cli_example.root / "cases" / "20261116-w8j3.yaml").unlink()
    third = cli_example("report", "all")
    assert "删除 1 个" in third.stderr
    assert not (cli_example.root / "reports" / "cases" / "20261116-w8j3.md").exists()


def test_single_reports_to_stdout_and_to_a_file(cli_example: Cli, tmp_path: Path) -> None:
    out = cli_example("report", "case", "20261102").stdout
    assert out.startswith("# 预约试驾到店后无人接待\n")
    assert "官网 → 预约试驾 → **前台** → 试驾" in out
    cli_example("report", "portfolio", "--lang", "en", "-o", str(tmp_path / "p.md"))
    assert (tmp_path / "p.md").read_text(encoding="utf-8").startswith("# Portfolio: ")
    result = cli_example("report", "case", code=2)
    assert "`ssvssj report case` 需要案例编号" in result.output


def test_links_between_reports_resolve(cli_example: Cli) -> None:
    cli_example("report", "all")
    reports = cli_example.root / "reports"
    checked = 0
    for page in reports.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#]+\.md)\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).resolve().is_file(), (page, target)
            checked += 1
    assert checked > 60


def hostile_workspace(root: Path) -> None:
    (root / "touchpoints.yaml").write_text("touchpoints: {}\n", encoding="utf-8")
    for index, text in enumerate(HOSTILE_TEXTS):
        following = HOSTILE_TEXTS[(index + 1) % len(HOSTILE_TEXTS)]
        case = {
            "schema_version": 1,
            "id": f"20261102-{index:04d}",
            "title": text,
            "created": "2026-11-02",
            "tags": [text],
            "spot": {"touchpoint": text, "problem": text, "evidence": [text], "severity": 4},
            "scene": {
                "customer": text,
                "path": [text, following],
                "expectation": text,
                "experience": text,
            },
            "view": [{"perspective": text, "lens": "empathy", "finding": text}],
            "split": [{"id": "d1", "detail": "同一个根因 | 反复", "lens": "pathway"}],
            "solve": [
                {
                    "id": "s1",
                    "action": text,
                    "addresses": ["d1"],
                    "owner": text,
                    "cost": "low",
                    "impact": "high",
                    "status": "doing",
                    "result": text,
                }
            ],
        }
        from ssvssj.store.yamlwrite import dump_document

        (root / "cases" / f"{case['id']}.yaml").write_bytes(dump_document(case))


@pytest.fixture
def hostile_reports(cli_empty: Cli) -> dict[str, Path]:
    hostile_workspace(cli_empty.root)
    cli_empty("check")
    outputs = {}
    for language in LANGUAGES:
        target = cli_empty.root / f"reports-{language}"
        cli_empty("report", "all", "--lang", language, "-o", str(target))
        outputs[language] = target
    return outputs


def test_markdownlint_accepts_every_report(
    cli_example: Cli, hostile_reports: dict[str, Path], tmp_path: Path
) -> None:
    example = tmp_path / "example"
    cli_example("report", "all", "--lang", "en", "-o", str(example))
    files = [*example.rglob("*.md")]
    for target in hostile_reports.values():
        files += target.rglob("*.md")
    result = markdownlint(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdownlint_rejects_a_broken_table(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("# T\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n", encoding="utf-8")
    result = markdownlint(broken)
    assert result.returncode != 0
    assert "MD056" in result.stdout + result.stderr


def parsed_tables(markdown: str) -> list[list[list[str]]]:
    """Every table as rows of cells, each cell's text as a reader sees it."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] = []
    inside = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
            inside = True
        elif token.type == "table_close":
            inside = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and inside:
            row.append(_plain(token))
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def _plain(token) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_hostile_text_stays_text_in_every_table_cell(hostile_reports: dict[str, Path]) -> None:
    target = hostile_reports["en"]
    index = parsed_tables((target / "index.md").read_text(encoding="utf-8"))[0]
    header, *rows = index
    assert header == ["ID", "Title", "Touchpoint", "Step", "State", "Severity"]
    assert all(len(row) == len(header) for row in rows)
    assert sorted(row[1] for row in rows) == sorted(flat(t) for t in HOSTILE_TEXTS)
    assert sorted(row[2] for row in rows) == sorted(flat(t) for t in HOSTILE_TEXTS)
    for page in target.rglob("*.md"):
        for table in parsed_tables(page.read_text(encoding="utf-8")):
            widths = {len(row) for row in table}
            assert len(widths) == 1, (page, table)


def test_hostile_case_report_keeps_every_field_as_written(hostile_reports: dict[str, Path]) -> None:
    target = hostile_reports["zh"]
    for index, text in enumerate(HOSTILE_TEXTS):
        page = (target / "cases" / f"20261102-{index:04d}.md").read_text(encoding="utf-8")
        tables = parsed_tables(page)
        expected_row = ["s1", flat(text), "d1", flat(text), "低", "大", "—", "进行中", flat(text)]
        assert expected_row in [row for table in tables for row in table]
        tokens = MarkdownIt("commonmark").enable("table").parse(page)
        assert [t for t in tokens if t.type == "heading_open" and t.tag == "h1"].__len__() == 1
        html = MarkdownIt("commonmark").enable("table").render(page)
        assert "<script>" not in html and "<b>" not in html
        assert 'href="https://evil.example"' not in html


def test_a_workspace_template_overrides_by_file_name(cli_example: Cli) -> None:
    templates = cli_example.root / "templates"
    (templates / "zh").mkdir(parents=True)
    (templates / "zh" / "portfolio.md.j2").write_text(
        "# 自定义 {{ workspace.name | md }}\n\n{{ quick_wins | length }} 个速赢\n", encoding="utf-8"
    )
    (templates / "index.md.j2").write_text("# Index of {{ cases | length }}\n", encoding="utf-8")
    assert cli_example("report", "portfolio").stdout.endswith("\n\n3 个速赢\n")
    assert cli_example("report", "index", "--lang", "en").stdout == "# Index of 17\n"
    assert cli_example("report", "journey").stdout.startswith("# 客户旅程")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "index.md.j2:1：工作区模板不能使用“__class__”"),
        ("{{ os.system('touch pwned') }}", "index.md.j2:1：这份报告中没有“os”"),
        (
            "{% include '../../../../etc/passwd' %}",
            "index.md.j2:1：找不到模板 ../../../../etc/passwd",
        ),
        ("line one\n{{ workspace.nmae }}", "index.md.j2:2：这个值没有属性“nmae”"),
        ("{% for x in %}", "index.md.j2:1：模板语法错误"),
        ("{{ 1 / 0 }}", "index.md.j2:1：除数为零"),
        ("{{ cycler.__init__.__globals__ }}", "工作区模板不能使用"),
        ("{{ cases | nofilter }}", "index.md.j2:1：没有名为“nofilter”的过滤器"),
        ("\n\n{{ cases[999].title }}", "index.md.j2:3：列表中没有第 999 项（从 0 数起）"),
        ("{% include 'nope.j2' %}", "index.md.j2:1：找不到模板 nope.j2"),
    ],
)
def test_hostile_or_broken_templates_fail_clearly(
    cli_example: Cli, template: str, message: str
) -> None:
    (cli_example.root / "templates").mkdir()
    (cli_example.root / "templates" / "index.md.j2").write_text(template, encoding="utf-8")
    result = cli_example("report", "index", code=2)
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert not (cli_example.root / "pwned").exists()


def test_report_choices_match() -> None:
    assert [k.value for k in ReportKind] == [*REPORTS[:3], "index", "all", "progress"]
    assert REPORTS[4] == "progress"
    assert tuple(lang.value for lang in ReportLanguage) == LANGUAGES


def test_a_busy_stage_lists_its_most_severe_pains_and_counts_the_rest(cli_empty: Cli) -> None:
    from ssvssj.store.yamlwrite import dump_document

    for index in range(25):
        case = {
            "schema_version": 1,
            "id": f"20261102-{index:04d}",
            "title": f"问题 {index}",
            "created": "2026-11-02",
            "spot": {"touchpoint": "前台", "problem": "p", "severity": 1 + index % 5},
            "solve": [{"id": "s1", "action": f"方案 {index}", "status": "doing"}],
        }
        (cli_empty.root / "cases" / f"{case['id']}.yaml").write_bytes(dump_document(case))
    out = cli_empty("report", "journey", "--lang", "en").stdout
    assert "- … 25 in all; the 20 most severe are listed" in out
    assert "25 in all; those of the 20 most severe problems are listed." in out
    assert out.count("](cases/20261102-") == 20 + 20
    assert "[问题 4](cases/20261102-0004.md)" in out


def test_one_template_set_serves_both_languages_and_every_word_has_its_chinese() -> None:
    from jinja2 import Environment
    from jinja2.ext import extract_from_ast

    from ssvssj.reports.catalog import ZH
    from ssvssj.reports.render import packaged_templates

    env = Environment(extensions=["jinja2.ext.i18n"])
    used: set[str] = set()
    for report in REPORTS:
        source = (packaged_templates() / f"{report}.md.j2").read_text(encoding="utf-8")
        for _line, _function, message in extract_from_ast(env.parse(source)):
            used.add(message if isinstance(message, str) else message[0])
    assert not sorted(p.name for p in packaged_templates().iterdir() if p.is_dir())
    assert sorted(used - ZH.keys()) == [], "words with no Chinese in the catalog"
    assert sorted(ZH.keys() - used) == [], "catalog entries no template uses"


def test_the_readme_template_example_works(cli_example: Cli) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = readme.split("my-client/templates/zh/portfolio.md.j2")[1]
    template = example.split("```jinja\n")[1].split("```")[0]
    (cli_example.root / "templates" / "zh").mkdir(parents=True)
    (cli_example.root / "templates" / "zh" / "portfolio.md.j2").write_text(
        template, encoding="utf-8"
    )
    page = cli_example("report", "portfolio").stdout
    assert page.startswith("# 星驰汽车华东经销商集团 2026 客户体验改善：速赢清单\n")
    assert "- 金融服务费统一话术并培训全体销售顾问（金融专员，截止 2026-11-15）" in page
    assert cli_example("report", "portfolio", "--lang", "en").stdout.startswith("# Portfolio: ")


def test_a_workspace_template_can_use_the_catalog(cli_example: Cli) -> None:
    (cli_example.root / "templates").mkdir()
    (cli_example.root / "templates" / "journey.md.j2").write_text(
        '# {{ _("Hot spots") }}{{ colon }}{{ "dropped" | label("status") }}'
        '{{ paren("dropped" | label) }}\n',
        encoding="utf-8",
    )
    assert cli_example("report", "journey").stdout == "# 热点：不采纳（已放弃）\n"
    assert (
        cli_example("report", "journey", "--lang", "en").stdout
        == "# Hot spots: dropped (dropped)\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("report", "journey"),
        ("report", "case", "20261102"),
        ("journey", "export", "--format", "json"),
    ],
)
def test_dash_as_output_is_standard_output(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    printed = cli_example(*command).stdout_bytes
    assert cli_example(*command, "-o", "-").stdout_bytes == printed
    assert printed
    assert not (tmp_path / "-").exists()
    assert not (cli_example.root / "-").exists()


def test_report_all_removes_only_the_case_reports_it_wrote(cli_example: Cli) -> None:
    """A page a person wrote among the case reports, or a report changed by hand since, is
    left and named; a report as ssvssj wrote it, whose case is gone, is removed."""
    cli_example("report", "all")
    pages = cli_example.root / "reports" / "cases"
    by_hand = pages / "20260101-aaaa.md"
    by_hand.write_text("# 我自己的笔记\n", encoding="utf-8")
    changed = pages / "20261116-w8j3.md"
    (cli_example.root / "cases" / "20261116-w8j3.yaml").unlink()
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充：客户回访记录\n", "utf-8")
    (cli_example.root / "cases" / "20261115-r4s9.yaml").unlink()
    told = cli_example("report", "all").stderr
    assert "删除 1 个" in told
    assert not (pages / "20261115-r4s9.md").exists()
    assert by_hand.read_text(encoding="utf-8") == "# 我自己的笔记\n"
    assert "补充：客户回访记录" in changed.read_text(encoding="utf-8")
    for page in (by_hand, changed):
        assert f"{page} 没有对应的案例，且不是 ssvssj 写入时的样子；保留未删" in told, told
    again = cli_example("report", "all").stderr
    assert "删除 0 个" in again and f"{by_hand} 没有对应的案例" in again
