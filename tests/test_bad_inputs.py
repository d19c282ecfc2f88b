"""The bad-input corpus: broken or hostile files and arguments. For every one: a clear message
naming file, line and field where they exist, the documented exit code, no traceback, and no
file of the workspace changed. One bad file never hides the good ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssvssj.cli import app
from ssvssj.confine import MAX_FILE_BYTES
from tests.conftest import REPO, Cli, refuse_to_list

CASE = "cases/20261104-m2pq.yaml"


@dataclass(frozen=True)
class Bad:
    setup: Callable[[Path], None]
    args: tuple[str, ...]
    code: int
    message: str
    file: str | None = None  # a file-level problem: journey and report go on without it


def edit(rel: str, before: str, after: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert before in text, (rel, before)
        path.write_text(text.replace(before, after, 1), encoding="utf-8")

    return apply


def write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return apply


def nothing(root: Path) -> None:
    return None


def hidden_link_to_cases(root: Path) -> None:
    """A hidden link under cases/ to a folder of cases inside the workspace."""
    old = root / "old"
    old.mkdir()
    (old / "20261201-abcd.yaml").write_text(GOOD, encoding="utf-8")
    (root / "cases" / ".old").symlink_to(Path("..") / "old")


def symlink_outside(root: Path) -> None:
    secret = root.parent / "secret.yaml"
    secret.write_text((root / CASE).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "cases" / "20261104-link.yaml").symlink_to(secret)


def link(rel: str, target: str | Callable[[Path], Path]) -> Callable[[Path], None]:
    """A symbolic link at `rel` to `target` (a path, or made from the workspace's root)."""

    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        path.symlink_to(target(root) if callable(target) else target)

    return apply


def moved_and_linked(rel: str, to: str) -> Callable[[Path], None]:
    """The file at `rel` moved to `to` inside the workspace, and a relative link left behind."""

    def apply(root: Path) -> None:
        (root / to).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).rename(root / to)
        (root / rel).symlink_to(os.path.relpath(root / to, (root / rel).parent))

    return apply


def outside_folder(root: Path) -> Path:
    folder = root.parent / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "20261201-abcd.yaml").write_text(
        GOOD.replace("20261104-m2pq", "20261201-abcd"), encoding="utf-8"
    )
    (folder / "20990101-zzzz.md").write_text("not a report of this workspace\n", encoding="utf-8")
    return folder


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.mkfifo(root / rel)

    return apply


def sparse(rel: str, size: int) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        with (root / rel).open("r+b") as stream:
            stream.truncate(size)

    return apply


def linked_to_each_other(root: Path) -> None:
    (root / "cases" / "20261201-aaaa.yaml").symlink_to("20261201-bbbb.yaml")
    (root / "cases" / "20261201-bbbb.yaml").symlink_to("20261201-aaaa.yaml")


def template(text: str) -> Callable[[Path], None]:
    return write("templates/zh/portfolio.md.j2", text)


GOOD = (REPO / CASE).read_text(encoding="utf-8")
BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(12)
)

CORPUS: dict[str, Bad] = {
    "yaml-syntax": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", "title: [报价"),
        ("check",),
        1,
        ":4: YAML 语法错误",
        CASE,
    ),
    "wrong-type": Bad(
        edit(CASE, "  severity: 4\n", "  severity: 很高\n"),
        ("check",),
        1,
        ":15: spot.severity: 严重程度须为 1–5 的整数，现为",
        CASE,
    ),
    **{
        f"severity-written-as-text-{label}": Bad(
            edit(CASE, "  severity: 4\n", f"  severity: {written}\n"),
            ("check",),
            1,
            ":15: spot.severity: 严重程度须为 1–5 的整数，现为",
            CASE,
        )
        for label, written in {
            "quoted": '"4"',
            "decimal": "4.0",
            "plus": "+4",
            "leading-zero": "04",
        }.items()
    },
    "out-of-range": Bad(
        edit(CASE, "  severity: 4\n", "  severity: 6\n"),
        ("check",),
        1,
        ":15: spot.severity: 严重程度须为 1–5 的整数，现为 6",
        CASE,
    ),
    "unknown-key": Bad(
        edit(CASE, "  severity: 4\n", "  sevrity: 4\n"),
        ("check",),
        1,
        ":15: spot.sevrity: 未知的键“sevrity”",
        CASE,
    ),
    "missing-required": Bad(
        edit(CASE, "title: 报价单费用项目看不懂\n", ""),
        ("check",),
        1,
        ":1: title: 缺少必填项：标题",
        CASE,
    ),
    "id-not-file-name": Bad(
        edit(CASE, "id: 20261104-m2pq", "id: 20261104-zzzz"),
        ("check",),
        1,
        ":2: id: 编号“20261104-zzzz”须与文件名“20261104-m2pq”一致",
        CASE,
    ),
    "duplicate-id": Bad(
        write("cases/old/20261104-m2pq.yaml", GOOD),
        ("check",),
        1,
        "id: 案例编号“20261104-m2pq”重复：cases/20261104-m2pq.yaml 中也是这个编号",
        "cases/old/20261104-m2pq.yaml",
    ),
    "path-misses-spot": Bad(
        edit(CASE, "  touchpoint: 报价", "  touchpoint: 签约"),
        ("check",),
        1,
        "scene.path: 客户路径须包含发现问题的触点",
        CASE,
    ),
    "unknown-detail": Bad(
        edit(CASE, "      - d2\n", "      - d9\n"),
        ("check",),
        1,
        "solve[1].addresses[0]: “d9”不是拆解细节中任何细节的编号",
        CASE,
    ),
    "duplicate-detail": Bad(
        edit(CASE, "  - id: d2\n", "  - id: d1\n"),
        ("check",),
        1,
        "split[1].id: 拆解细节中的编号“d1”重复",
        CASE,
    ),
    "invalid-date": Bad(
        edit(CASE, "created: 2026-11-04", "created: 2026-02-30"),
        ("check",),
        1,
        ":4: created:",
        CASE,
    ),
    "gbk-file": Bad(
        write(CASE, GOOD.encode("gbk")),
        ("check",),
        1,
        "看起来是 GBK/GB18030。可这样转换：`iconv -f GB18030 -t UTF-8 "
        f"{CASE} > {CASE}.new && mv {CASE}.new {CASE}`",
        CASE,
    ),
    "utf16-file": Bad(write(CASE, GOOD.encode("utf-16")), ("check",), 1, "看起来是 UTF-16", CASE),
    "empty-file": Bad(write(CASE, ""), ("check",), 1, "文件是空的", CASE),
    "top-level-list": Bad(
        write(CASE, "- 报价\n- 试驾\n"), ("check",), 1, "文件须为键值映射，而不是列表", CASE
    ),
    "billion-laughs": Bad(write(CASE, BOMB), ("check",), 1, "不允许使用 YAML 别名（*l0）", CASE),
    "fifty-megabytes": Bad(
        write(CASE, GOOD + "# " + "x" * 50_000_000 + "\n"),
        ("check",),
        1,
        "文件太大（47.7 MiB",
        CASE,
    ),
    "deep-nesting": Bad(
        write(CASE, GOOD + "extra: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        ("check",),
        1,
        "YAML 嵌套超过 64 层",
        CASE,
    ),
    "future-schema": Bad(
        edit(CASE, "schema_version: 1", "schema_version: 3"),
        ("check",),
        1,
        "schema_version 3 比这个版本的 ssvssj 能读的（1）更新",
        CASE,
    ),
    "symlink-outside": Bad(
        symlink_outside,
        ("check",),
        1,
        "符号链接指向工作区之外",
        "cases/20261104-link.yaml",
    ),
    "control-character": Bad(
        edit(CASE, "title: 报价单", "title: \x07报价单"),
        ("check",),
        1,
        ":3: YAML：此处不允许控制字符；请删除（字符 U+0007）",
        CASE,
    ),
    "yml-extension": Bad(
        write("cases/20261201-abcd.yml", GOOD),
        ("check",),
        1,
        "案例文件须以 `.yaml` 结尾",
        "cases/20261201-abcd.yml",
    ),
    "vocabulary-alias-cycle": Bad(
        write(
            "touchpoints.yaml",
            "touchpoints:\n  前台:\n    aliases: [接待台]\n  接待台:\n    aliases: [前台]\n",
        ),
        ("check",),
        1,
        "touchpoints.yaml:3: touchpoints.前台.aliases[0]: “接待台”既是“前台”的别名，又是单独的触点",
    ),
    "vocabulary-alias-twice": Bad(
        write(
            "touchpoints.yaml",
            "touchpoints:\n  前台:\n    aliases: [大堂]\n  展厅:\n    aliases: [大堂]\n",
        ),
        ("check",),
        1,
        "touchpoints.yaml:5: touchpoints.展厅.aliases[0]: 别名“大堂”已经是触点“前台”的名称或别名",
    ),
    "vocabulary-broken": Bad(
        write("touchpoints.yaml", "touchpoints: {前台: [\n"),
        ("check",),
        1,
        "touchpoints.yaml:2: YAML 语法错误",
    ),
    "config-language": Bad(
        edit("ssvssj.yaml", "language: zh", "language: fr"),
        ("check",),
        1,
        "ssvssj.yaml:3: language: language must be one of zh, en, not “fr”",
    ),
    "config-future": Bad(
        edit("ssvssj.yaml", "schema_version: 1", "schema_version: 9"),
        ("check",),
        1,
        "ssvssj.yaml:1: schema_version: schema_version 9",
    ),
    "template-class": Bad(
        template("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        ("report", "portfolio"),
        2,
        "工作区模板不能使用“__class__”",
    ),
    "template-os": Bad(
        template("{{ os.popen('id').read() }}"), ("report", "portfolio"), 2, "这份报告中没有“os”"
    ),
    "template-file-system": Bad(
        template("{% include '/etc/passwd' %}"),
        ("report", "portfolio"),
        2,
        "找不到模板 /etc/passwd",
    ),
    "template-typo": Bad(
        template("# {{ workspace.nmae }}\n"),
        ("report", "portfolio"),
        2,
        "portfolio.md.j2:1：这个值没有属性“nmae”",
    ),
    "template-syntax": Bad(
        template("{% if %}"), ("report", "portfolio"), 2, "portfolio.md.j2:1：模板语法错误"
    ),
    "id-with-dotdot": Bad(nothing, ("case", "show", "../../etc/passwd"), 2, "不是案例编号"),
    "id-absolute-path": Bad(nothing, ("case", "edit", "/etc/passwd"), 2, "不是案例编号"),
    "id-with-nul": Bad(nothing, ("case", "show", "2026\x001102"), 2, "参数中不能有 NUL 字节"),
    "output-with-nul": Bad(
        nothing, ("report", "journey", "-o", "r\x00.md"), 2, "参数中不能有 NUL 字节"
    ),
    "unknown-id": Bad(
        nothing,
        ("case", "solve", "20990101", "s1", "--status", "done"),
        2,
        "没有编号为“20990101”的案例",
    ),
    "ambiguous-id": Bad(nothing, ("case", "show", "202611"), 2, "“202611”对应 17 个案例"),
    "bad-status": Bad(
        nothing,
        ("case", "solve", "20261104", "s1", "--status", "finished"),
        2,
        "--status：“finished”不在可选项中",
    ),
    "bad-date-option": Bad(
        nothing,
        ("journey", "show", "--until", "2026-13-01"),
        2,
        "--until：没有 13 月",
    ),
    "min-count-zero": Bad(
        nothing, ("journey", "show", "--min-count", "0"), 2, "--min-count 须不小于 1"
    ),
    "report-case-without-id": Bad(
        nothing, ("report", "case"), 2, "`ssvssj report case` 需要案例编号"
    ),
    "yaml11-boolean-as-number": Bad(
        edit(CASE, "  severity: 4\n", "  severity: true\n"),
        ("check",),
        1,
        ":15: spot.severity: 严重程度须为 1–5 的整数，现为",
        CASE,
    ),
    "duplicate-key": Bad(
        edit(CASE, "  severity: 4\n", "  severity: 5\n  severity: 1\n"),
        ("check",),
        1,
        ":16: 键“severity”重复：第 15 行也有",
        CASE,
    ),
    "duplicate-key-then-solve": Bad(
        edit(CASE, "  severity: 4\n", "  severity: 5\n  severity: 1\n"),
        ("case", "solve", "20261104-m2pq", "s1", "--status", "done"),
        2,
        "cases/20261104-m2pq.yaml 无效，请先修正",
    ),
    "tag-int-not-a-number": Bad(
        edit(CASE, "  severity: 4\n", "  severity: !!int abc\n"),
        ("check",),
        1,
        ":15: YAML：“abc”不是有效的整数（!!int）",
        CASE,
    ),
    "tag-bool-not-a-boolean": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", "title: !!bool maybe"),
        ("check",),
        1,
        ":3: YAML：“maybe”不是有效的是非值（`true` 或 `false`）（!!bool）",
        CASE,
    ),
    "tag-int-4301-digits": Bad(
        edit(CASE, "  severity: 4\n", f"  severity: !!int {'9' * 4301}\n"),
        ("check",),
        1,
        ":15: YAML：“9999",
        CASE,
    ),
    "plain-4301-digits": Bad(
        edit(CASE, "  severity: 4\n", f"  severity: {'9' * 4301}\n"),
        ("check",),
        1,
        ":15: spot.severity:",
        CASE,
    ),
    "tag-binary": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", "title: !!binary aGk="),
        ("check",),
        1,
        ":3: YAML：ssvssj 文件中不允许使用标签 !!binary",
        CASE,
    ),
    "nested-block-sequences": Bad(
        write(CASE, GOOD + "extra:\n  deep:\n" + "".join(f"{'  ' * i}  -\n" for i in range(450))),
        ("check",),
        1,
        "YAML 嵌套超过 64 层",
        CASE,
    ),
    "nested-compact-sequences": Bad(
        write(CASE, GOOD + "extra:\n  deep:\n  " + "- " * 450 + "x\n"),
        ("check",),
        1,
        "YAML 嵌套超过 64 层",
        CASE,
    ),
    "terminal-escape-in-text": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", 'title: "\\e]0;pwned\\a报价单"'),
        ("check",),
        1,
        ":3: 文本中有控制字符 U+001B",
        CASE,
    ),
    "clipboard-escape-in-evidence": Bad(
        edit(CASE, "    - 客户把报价单", '    - "\\e]52;c;cm0gLXJmIH4=\\a"\n    - 客户把报价单'),
        ("check",),
        1,
        ":17: 文本中有控制字符 U+001B",
        CASE,
    ),
    "noncharacter-in-text": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", 'title: "报价单\\uFFFE"'),
        ("check",),
        1,
        ":3: 文本中有非字符 U+FFFE，请删除",
        CASE,
    ),
    "supplementary-noncharacter-in-name": Bad(
        edit(CASE, "  touchpoint: 报价", '  touchpoint: "报价\\U0010FFFF"'),
        ("check",),
        1,
        ":11: 文本中有非字符 U+10FFFF，请删除",
        CASE,
    ),
    "next-line-written-in-text": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", "title: 报价单\u0085费用"),
        ("check",),
        1,
        ":3: 文本中有字符 U+0085，YAML 会把它读成换行",
        CASE,
    ),
    "line-separator-written-in-text": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", "title: 报价单\u2028费用"),
        ("check",),
        1,
        ":3: 文本中有字符 U+2028，YAML 会把它读成换行",
        CASE,
    ),
    "paragraph-separator-escaped-in-text": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", 'title: "报价单\\P费用"'),
        ("check",),
        1,
        ":3: 文本中有控制字符 U+2029",
        CASE,
    ),
    "lone-carriage-return": Bad(
        edit(CASE, "title: 报价单费用项目看不懂", 'title: "报价单\\r费用"'),
        ("check",),
        1,
        ":3: 文本中有控制字符 U+000D",
        CASE,
    ),
    "full-width-digits-in-id": Bad(
        write(
            "cases/２０２６１２０１-abcd.yaml",
            GOOD.replace("20261104-m2pq", "２０２６１２０１-abcd"),
        ),
        ("check",),
        1,
        "编号须形如 20261102-k3f9",
        "cases/２０２６１２０１-abcd.yaml",
    ),
    "arabic-indic-digits-in-id": Bad(
        write("cases/٢٠٢٦١٢٠١-abcd.yaml", GOOD.replace("20261104-m2pq", "٢٠٢٦١٢٠١-abcd")),
        ("check",),
        1,
        "编号须形如 20261102-k3f9",
        "cases/٢٠٢٦١٢٠١-abcd.yaml",
    ),
    "case-linked-inside-solved": Bad(
        moved_and_linked(CASE, "notes/m2pq.yaml"),
        ("case", "solve", "20261104", "s1", "--status", "done"),
        2,
        f"{CASE} 是指向 notes/m2pq.yaml 的符号链接；没有经由它写入任何内容",
    ),
    "case-linked-inside-edited": Bad(
        moved_and_linked(CASE, "notes/m2pq.yaml"),
        ("case", "edit", "20261104"),
        2,
        f"{CASE} 是指向 notes/m2pq.yaml 的符号链接；没有经由它写入任何内容",
    ),
    "fifo-case-file": Bad(
        fifo("cases/20261201-fifo.yaml"),
        ("check",),
        1,
        "cases/20261201-fifo.yaml: 不是普通文件（而是文件夹、FIFO、套接字或设备）",
        "cases/20261201-fifo.yaml",
    ),
    "fifo-vocabulary": Bad(
        fifo("touchpoints.yaml"), ("check",), 1, "touchpoints.yaml: 不是普通文件"
    ),
    "sparse-one-terabyte": Bad(
        sparse(CASE, 1 << 40), ("check",), 1, "文件太大（1048576.0 MiB", CASE
    ),
    "case-files-linked-in-a-loop": Bad(
        linked_to_each_other,
        ("check",),
        1,
        "cases/20261201-aaaa.yaml: 符号链接无法到达目标（链接层数过多）",
        "cases/20261201-aaaa.yaml",
    ),
    "case-folder-linked-outside": Bad(
        link("cases/linked", outside_folder),
        ("check",),
        1,
        "cases/linked: 符号链接指向工作区之外",
        "cases/linked",
    ),
    "cases-linked-outside": Bad(
        link("cases", outside_folder), ("check",), 1, "cases: 符号链接指向工作区之外"
    ),
    "vocabulary-linked-outside": Bad(
        link("touchpoints.yaml", "/etc/passwd"),
        ("check",),
        1,
        "touchpoints.yaml: 符号链接指向工作区之外",
    ),
    "vocabulary-link-loop": Bad(
        link("touchpoints.yaml", "touchpoints.yaml"),
        ("check",),
        1,
        "touchpoints.yaml: 符号链接无法到达目标（链接层数过多）",
    ),
    "templates-linked-to-root": Bad(
        link("templates", "/"),
        ("report", "portfolio"),
        2,
        "templates 是指向工作区之外的符号链接",
    ),
    "template-linked-to-passwd": Bad(
        link("templates/zh/portfolio.md.j2", "/etc/passwd"),
        ("report", "portfolio"),
        2,
        "templates/zh/portfolio.md.j2 是指向工作区之外的符号链接",
    ),
    "template-linked-nowhere": Bad(
        lambda root: (
            (root / "templates").mkdir() or (root / "templates" / "journey.md.j2").symlink_to("x")
        ),
        ("report", "journey"),
        2,
        "错误：templates/journey.md.j2：无法读取模板：没有这个文件或文件夹",
    ),
    "template-not-utf8": Bad(
        write("templates/journey.md.j2", b"\xff\xfe{{"),
        ("report", "journey"),
        2,
        "错误：templates/journey.md.j2：无法读取模板：不是 UTF-8 文本",
    ),
    "template-fifo": Bad(
        lambda root: (
            (root / "templates" / "zh").mkdir(parents=True)
            or os.mkfifo(root / "templates" / "zh" / "portfolio.md.j2")
        ),
        ("report", "portfolio"),
        2,
        "错误：templates/zh/portfolio.md.j2：不是普通文件",
    ),
    "reports-linked-outside": Bad(
        link("reports", outside_folder),
        ("report", "all"),
        2,
        "reports 是指向工作区之外的符号链接；没有写入或删除任何文件",
    ),
    "report-cases-linked-outside": Bad(
        link("reports/cases", outside_folder),
        ("report", "all"),
        2,
        "reports/cases 是指向工作区之外的符号链接",
    ),
    "new-case-into-cases-linked-outside": Bad(
        link("cases", outside_folder),
        ("case", "new", "--no-input", "--title", "x", "--touchpoint", "前台", "--problem", "y"),
        2,
        "cases 是指向工作区之外的符号链接；没有写入案例",
    ),
    "upper-case-extension": Bad(
        write("cases/20261201-abcd.YAML", GOOD),
        ("check",),
        1,
        "cases/20261201-abcd.YAML: 案例文件须以 `.yaml` 结尾",
        "cases/20261201-abcd.YAML",
    ),
    "upper-case-yml": Bad(
        write("cases/20261201-abcd.YML", GOOD),
        ("check",),
        1,
        "cases/20261201-abcd.YML: 案例文件须以 `.yaml` 结尾",
        "cases/20261201-abcd.YML",
    ),
    **{
        f"looks-like-a-case-file-{label}": Bad(
            write(f"cases/{name}", GOOD),
            ("check",),
            1,
            f"cases/{name}: 案例文件须以 `.yaml` 结尾",
            f"cases/{name}",
        )
        for label, name in {
            "trailing-dot": "20261201-abcd.yaml.",
            "space-after-dot": "20261201-abcd. yaml",
            "full-width": "20261201-abcd.ｙａｍｌ",
        }.items()
    },
    **{
        f"looks-like-a-case-file-{label}": Bad(
            write(f"cases/{name}", GOOD),
            ("check",),
            1,
            f"cases/{shown}: 案例文件须以 `.yaml` 结尾",
            f"cases/{shown}",
        )
        for label, name, shown in (
            ("zero-width-space-after", "20261201-abcd.yaml\u200b", "20261201-abcd.yaml\\u200b"),
            ("word-joiner-after", "20261201-abcd.yaml\u2060", "20261201-abcd.yaml\\u2060"),
            ("combining-mark-inside", "20261201-abcd.yam\u0301l", "20261201-abcd.yam\u0301l"),
            ("more-after-yaml", "20261201-abcd.yaml.bak", "20261201-abcd.yaml.bak"),
            ("more-after-yml", "20261201-abcd.YML~", "20261201-abcd.YML~"),
        )
    },
    "zero-width-space-before-yaml": Bad(
        write("cases/20261201-abcd\u200b.yaml", GOOD.replace("20261104-m2pq", "20261201-abcd")),
        ("check",),
        1,
        "cases/20261201-abcd\\u200b.yaml:2: id: 编号“20261201-abcd”"
        "须与文件名“20261201-abcd\\u200b”一致",
        "cases/20261201-abcd\\u200b.yaml",
    ),
    "hidden-case-file": Bad(
        write("cases/.20261201-abcd.yaml", GOOD),
        ("check",),
        1,
        "cases/.20261201-abcd.yaml: 隐藏文件不会作为案例读取",
        "cases/.20261201-abcd.yaml",
    ),
    "case-in-hidden-folder": Bad(
        write("cases/.h/20261201-abcd.yaml", GOOD),
        ("check",),
        1,
        "cases/.h: 隐藏文件夹不会读取，其中的案例没有读取",
        "cases/.h",
    ),
    "case-deep-in-hidden-folder": Bad(
        write("cases/.archive/2025/11/20261201-abcd.yaml", GOOD),
        ("check",),
        1,
        "cases/.archive: 隐藏文件夹不会读取，其中的案例没有读取",
        "cases/.archive",
    ),
    "case-behind-hidden-folder-link": Bad(
        hidden_link_to_cases,
        ("check",),
        1,
        "cases/.old: 隐藏文件夹不会读取，其中的案例没有读取",
        "cases/.old",
    ),
    "window-ending-before-it-starts": Bad(
        nothing,
        ("journey", "show", "--since", "2026-12-01", "--until", "2026-11-01"),
        2,
        "错误：--since 2026-12-01 晚于 --until 2026-11-01：没有案例能通过",
    ),
    "output-to-the-root-folder": Bad(
        nothing,
        ("journey", "export", "--format", "svg", "-o", "/"),
        2,
        "错误：/ 是文件夹，不是文件",
    ),
    "trailing-space-in-name": Bad(
        write("cases/20261201-abcd.yaml ", GOOD),
        ("check",),
        1,
        "cases/20261201-abcd.yaml : 案例文件须以 `.yaml` 结尾",
        "cases/20261201-abcd.yaml ",
    ),
    "zero-width-space-in-touchpoint": Bad(
        edit(CASE, "  touchpoint: 报价", "  touchpoint: 报\u200b价"),
        ("check",),
        1,
        ":11: spot.touchpoint: 触点含有不可见字符（U+200B）",
        CASE,
    ),
    "direction-mark-in-path": Bad(
        edit(CASE, "    - 试驾\n", "    - 试\u200f驾\n"),
        ("check",),
        1,
        "scene.path[1]: 客户路径含有不可见字符（U+200F）",
        CASE,
    ),
    "zero-width-joiner-in-alias": Bad(
        write("touchpoints.yaml", "touchpoints:\n  门店接待台:\n    aliases: [前\u200d台]\n"),
        ("check",),
        1,
        "touchpoints.yaml:3: touchpoints.门店接待台.aliases[0]: 其他写法含有不可见字符",
    ),
    **{
        f"invisible-U+{ord(char):04X}-in-touchpoint": Bad(
            edit(CASE, "  touchpoint: 报价", f"  touchpoint: 报{char}价"),
            ("check",),
            1,
            f":11: spot.touchpoint: 触点含有不可见字符（U+{ord(char):04X}）",
            CASE,
        )
        for char in "\u034f\ufe0f\ufe00\U000e0100\u115f\u1160\u3164\uffa0\u2066"
    },
    "variation-selector-in-cause": Bad(
        write("causes.yaml", "causes:\n  培训不足\ufe0f:\n"),
        ("check",),
        1,
        "causes.yaml:2: causes.培训不足\\ufe0f: 根因的键含有不可见字符（U+FE0F）",
    ),
    "zero-width-space-in-solution-id": Bad(
        edit(CASE, "  - id: s1\n", "  - id: s1\u200b\n"),
        ("check",),
        1,
        "solve[0].id: 编号只能由 ASCII 字母、数字、- 或 _ 组成（如 d1、s2），现为 's1\\u200b'",
        CASE,
    ),
    "arabic-digit-in-detail-id": Bad(
        edit(CASE, "  - id: d1\n", "  - id: d\u0661\n"),
        ("check",),
        1,
        "split[0].id: 编号只能由 ASCII 字母、数字、- 或 _ 组成（如 d1、s2），现为 'd\\u0661'",
        CASE,
    ),
    "two-thousand-touchpoint-path": Bad(
        edit(
            CASE,
            "    - 金融方案\n",
            "".join(f"    - 触点{index}\n" for index in range(2000)),
        ),
        ("check",),
        1,
        "scene.path: 客户路径最多 100 项，现为 2004 项",
        CASE,
    ),
    "six-thousand-character-name": Bad(
        edit(CASE, "  touchpoint: 报价", "  touchpoint: " + "报价" * 3000),
        ("check",),
        1,
        ":11: spot.touchpoint: 触点太长：最多 100",
        CASE,
    ),
    "six-thousand-character-cause": Bad(
        edit(CASE, "    cause: 报价说明不清", "    cause: " + "报价" * 3000),
        ("check",),
        1,
        ":44: split[0].cause: 根因太长：最多 200",
        CASE,
    ),
    "private-folder-linked-outside": Bad(
        link(".ssvssj", outside_folder),
        ("case", "new", "--no-input", "--title", "x", "--touchpoint", "前台", "--problem", "y"),
        2,
        ".ssvssj 是指向工作区之外的符号链接",
    ),
    "drafts-linked-outside": Bad(
        link(".ssvssj/drafts", outside_folder),
        ("case", "continue", "20261104-m2pq"),
        2,
        ".ssvssj/drafts 是指向工作区之外的符号链接",
    ),
    "private-folder-linked-outside-edited": Bad(
        link(".ssvssj", outside_folder),
        ("case", "edit", "20261104", "--discard"),
        2,
        ".ssvssj 是指向工作区之外的符号链接",
    ),
    "edit-folder-linked-outside": Bad(
        link(".ssvssj/edit", outside_folder),
        ("case", "edit", "20261104", "--resume"),
        2,
        ".ssvssj/edit 是指向工作区之外的符号链接",
    ),
    "vocabulary-duplicate-key": Bad(
        write("touchpoints.yaml", "touchpoints:\n  展厅: {}\n  试驾: {}\n  展厅: {stage: 到店}\n"),
        ("check",),
        1,
        "touchpoints.yaml:4: 键“展厅”重复：第 2 行也有",
    ),
    "config-duplicate-key": Bad(
        edit("ssvssj.yaml", "language: zh", "language: zh\nlanguage: en"),
        ("check",),
        1,
        "ssvssj.yaml:4: 键“language”重复：第 3 行也有",
    ),
    "forged-github-annotation": Bad(
        write("cases/x,line=999,title=forged::ignore.yaml", "title: x\n"),
        ("check", "--format", "github"),
        1,
        "::error file=cases/x%2Cline=999%2Ctitle=forged%3A%3Aignore.yaml,line=1::",
    ),
    "escape-in-a-file-name": Bad(
        write("cases/\x1b]0;pwned\x07.yaml", "title: x\n"),
        ("check",),
        1,
        "cases/\\x1b]0;pwned",
    ),
    "from-file-missing": Bad(
        nothing,
        ("case", "new", "--from", "nope.yaml"),
        2,
        "无法读取 --from nope.yaml：没有这个文件或文件夹",
    ),
    "template-billion-characters": Bad(
        template("{{ 'x' * 10**9 }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have 1,000,000,000 characters",
    ),
    "template-huge-power": Bad(
        template("{{ 7 ** 99999999 }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "is too large a number",
    ),
    "template-wide-center": Bad(
        template("{{ 'x' | center(4000000000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "the result would have 4,000,000,000 characters",
    ),
    "template-wide-format": Bad(
        template("{{ '{:>4000000000}'.format(1) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "the result would have 4,000,000,000 characters",
    ),
    "template-long-output": Bad(
        template("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2: the template wrote more than 33,554,432 characters; stopped",
    ),
    "template-huge-range": Bad(
        template("{% for i in range(200000) %}{% endfor %}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "a range of more than 100,000 items",
    ),
    "template-join-of-a-repeated-text": Bad(
        template("{{ (['x' * 100000] * 100000) | join }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-range-joined-by-a-long-text": Bad(
        template("{{ range(100000) | join('y' * 1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-text-doubled-in-a-loop": Bad(
        template(
            "{% set ns = namespace(x='x') %}{% for i in range(60) %}"
            "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x | length }}"
        ),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-list-doubled-in-a-loop": Bad(
        template(
            "{% set ns = namespace(x=['x']) %}{% for i in range(60) %}"
            "{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x | length }}"
        ),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-format-fields-repeated": Bad(
        template("{{ ('{0}' * 1000000).format('x' * 1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-percent-names-repeated": Bad(
        template("{{ ('%(a)s' * 1000000) % {'a': 'x' * 1000} }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-gettext-names-repeated": Bad(
        template("{{ _('%(a)s' * 100000, a='x' * 1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-indent-of-many-lines": Bad(
        template("{{ ('\\n' * 1000000) | indent(1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "the result would have 1,001,001,000 characters",
    ),
    "template-wordwrap-long-break": Bad(
        template("{{ ('x ' * 1000000) | wordwrap(1, wrapstring='y' * 1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-replace-empty-by-long-text": Bad(
        template("{{ ('x' * 1000000) | replace('', 'y' * 1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-method-replace-and-translate": Bad(
        template("{{ ('x' * 1000000).translate({120: 'y' * 1000}) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-tabs-expanded": Bad(
        template("{{ ('\\t' * 1000000).expandtabs(1000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-list-literal-of-a-long-text": Bad(
        template("{% set b = 'x' * 1000000 %}{{ [b, b, b, b, b, b, b, b, b, b] }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-gathered-block": Bad(
        template(
            "{% set b = 'x' * 1000000 %}{% set x %}{% for i in range(100000) %}{{ b }}"
            "{% endfor %}{% endset %}{{ x | length }}"
        ),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-text-split-into-characters": Bad(
        template("{{ ('中' * 3000000) | list | length }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-batch-filled-with-a-long-text": Bad(
        template("{{ ['x'] | batch(1000, 'y' * 1000000) | list }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-nested-list-in-a-loop": Bad(
        template(
            "{% set ns = namespace(x=[]) %}{% for i in range(100000) %}"
            "{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}"
        ),
        ("--language", "en", "report", "portfolio"),
        2,
        "the result would be nested more than 64 levels deep",
    ),
    "template-macro-calling-itself": Bad(
        template("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the template calls itself too deeply; stopped",
    ),
    "template-list-changed-in-place": Bad(
        template("{% set l = [] %}{% for i in range(10) %}{{ l.append(l) }}{% endfor %}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "a workspace template may not use “append”",
    ),
    "template-json-indented-widely": Bad(
        template("{{ (range(100000) | list) | tojson(indent=1000) | length }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-nested-json-indented": Bad(
        template(
            "{% set ns = namespace(x=[]) %}{% for i in range(60) %}{% set ns.x = [ns.x, 1] %}"
            "{% endfor %}{{ ns.x | tojson(indent=100000) | length }}"
        ),
        ("--language", "en", "report", "portfolio"),
        2,
        "portfolio.md.j2:1: the result would have",
    ),
    "template-filler-text": Bad(
        template("{{ lipsum(n=100000) }}"),
        ("--language", "en", "report", "portfolio"),
        2,
        "“lipsum” is undefined in this report",
    ),
}


def snapshot(root: Path) -> dict[str, object]:
    """Every file's bytes; a huge (sparse) file by its size and modification time."""
    files: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(".ssvssj"):
            info = path.stat()
            big = info.st_size > 64 * 1_048_576
            files[rel] = (info.st_size, info.st_mtime_ns) if big else path.read_bytes()
    return files


def invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--workspace", str(root), *args])


def test_a_from_file_past_the_size_limit_is_refused_before_it_is_read_whole(
    example: Path, tmp_path: Path
) -> None:
    """`--from /dev/zero` would never end: what is read stops one byte past the limit."""
    given = tmp_path / "given.yaml"
    given.write_bytes(b"title: " + b"x" * MAX_FILE_BYTES)
    before = snapshot(example)
    result = invoke(example, "case", "new", "--no-input", "--from", str(given))
    assert result.exit_code == 2, result.output
    assert f"--from {given}：超过 2 MiB 的上限" in result.output, result.output
    assert snapshot(example) == before


def test_hidden_links_in_a_loop_stop_no_command(example: Path) -> None:
    """A hidden link is looked through only when it leads to a folder: one leading to itself,
    or two to each other, are passed over like any hidden file that is no case."""
    (example / "cases" / ".self").symlink_to(".self")
    (example / "cases" / ".a").symlink_to(".b")
    (example / "cases" / ".b").symlink_to(".a")
    for args in (("check",), ("case", "list"), ("journey", "show")):
        result = invoke(example, *args)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    assert "17 个有效案例；没有问题" in invoke(example, "check").output


@pytest.mark.parametrize("name", list(CORPUS))
def test_bad_input_is_one_clear_message_and_changes_nothing(example: Path, name: str) -> None:
    bad = CORPUS[name]
    bad.setup(example)
    before = snapshot(example)
    result = invoke(example, *bad.args)
    assert result.exit_code == bad.code, result.output
    assert bad.message in result.output, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(example) == before


@pytest.mark.parametrize("name", [n for n, bad in CORPUS.items() if bad.file is not None])
def test_one_bad_file_hides_no_good_case(example: Path, name: str) -> None:
    bad = CORPUS[name]
    bad.setup(example)
    good = 16 if bad.file == CASE else 17
    shown = invoke(example, "journey", "export", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert f'"cases": {good}' in shown.stdout
    assert "个问题）；运行 `ssvssj check` 查看详情" in shown.stderr
    report = invoke(example, "report", "portfolio")
    assert report.exit_code == 0
    strict = invoke(example, "journey", "show", "--strict")
    assert strict.exit_code == 1
    assert bad.file in strict.output


def many_long_paths(root: Path, cases: int = 20, length: int = 100) -> None:
    """Valid cases whose paths are as long as allowed and share no touchpoint."""
    for number in range(cases):
        path = [f"t{number}x{step}" for step in range(length)]
        case_id = f"20261101-{number:04d}"
        (root / "cases" / f"{case_id}.yaml").write_text(
            f"schema_version: 1\nid: {case_id}\ntitle: t\ncreated: 2026-11-01\n"
            f"updated: 2026-11-01\nspot:\n  touchpoint: {path[0]}\n  problem: p\n"
            f"  severity: 3\n  evidence: [e]\nscene:\n  path: [{', '.join(path)}]\n",
            encoding="utf-8",
        )


def test_many_long_paths_answer_every_journey_command(empty: Path) -> None:
    """Twenty paths of a hundred distinct touchpoints made a run of 2,000 touchpoints that was
    cut into stages one nested call per cut: a RecursionError in every journey command."""
    many_long_paths(empty)
    for args in (
        ("touchpoints",),
        ("journey", "show"),
        ("journey", "gaps"),
        ("journey", "variants"),
        ("causes", "--suggest"),
        ("report", "all"),
    ):
        result = invoke(empty, *args)
        assert result.exit_code == 0, (args, result.output)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    shown = invoke(empty, "journey", "export", "--format", "json")
    assert '"cases": 20' in shown.stdout
    assert "t19x99" in shown.stdout


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


def test_check_lists_every_problem_of_every_file_in_one_run(example: Path) -> None:
    file_level = [bad for bad in CORPUS.values() if bad.file is not None and bad.file != CASE]
    for bad in file_level:
        bad.setup(example)
    edit("cases/20261105-t8w1.yaml", "  severity: 3\n", "  sevrity: 3\n")(example)
    edit("cases/20261102-k3f9.yaml", "title: 预约试驾到店后无人接待", "title: [x]")(example)
    result = invoke(example, "check")
    assert result.exit_code == 1
    for bad in file_level:
        assert bad.file in result.output
    assert "cases/20261105-t8w1.yaml:14: spot.sevrity" in result.output
    assert "cases/20261102-k3f9.yaml:3: title" in result.output


def test_nothing_in_a_case_runs_a_command(example: Path) -> None:
    marker = example.parent / "pwned"
    payloads = [
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/new:os.system ['touch {marker}']",
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "') }}",
    ]
    for payload in payloads:
        edit(CASE, "title: 报价单费用项目看不懂", f"title: {payload}")(example)
        for args in (("check",), ("report", "all"), ("journey", "export", "-f", "json")):
            result = invoke(example, *args)
            assert "Traceback" not in result.output
        write(CASE, GOOD)(example)
    assert not marker.exists()
    assert os.listdir(example.parent) == ["example"]


def test_text_that_yaml_1_1_would_retype_stays_as_written(example: Path) -> None:
    plain = {
        "channel: 门店": "channel: 0571",
        "    - 客户把报价单": "    - 10:30\n    - 0x1F\n    - yes\n    - 客户把报价单",
    }
    for before, after in plain.items():
        edit(CASE, before, after)(example)
    assert invoke(example, "check").exit_code == 0
    shown = invoke(example, "case", "show", "20261104-m2pq", "--json")
    for text in ('"0571"', '"10:30"', '"0x1F"', '"yes"'):
        assert text in shown.stdout
    original = (example / CASE).read_bytes()
    solved = invoke(example, "case", "solve", "20261104-m2pq", "s1", "--status", "done")
    assert solved.exit_code == 0, solved.output
    changed = [
        (old, new)
        for old, new in zip(
            original.splitlines(), (example / CASE).read_bytes().splitlines(), strict=True
        )
        if old != new
    ]
    assert changed == [
        (b"updated: 2026-11-18", b"updated: 2026-11-23"),
        (b"    status: doing", b"    status: done"),
    ]


def test_a_tool_write_keeps_windows_line_ends_and_the_byte_order_mark(example: Path) -> None:
    crlf = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8")
    write(CASE, crlf)(example)
    assert invoke(example, "check").exit_code == 0
    solved = invoke(example, "case", "solve", "20261104-m2pq", "s1", "--status", "done")
    assert solved.exit_code == 0, solved.output
    after = (example / CASE).read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\r\n") == after.count(b"\n") == crlf.count(b"\n")
    changed = [
        (old, new)
        for old, new in zip(crlf.split(b"\r\n"), after.split(b"\r\n"), strict=True)
        if old != new
    ]
    assert changed == [
        (b"updated: 2026-11-18", b"updated: 2026-11-23"),
        (b"    status: doing", b"    status: done"),
    ]


def test_a_bad_address_is_told_together_with_the_other_errors_of_its_file(example: Path) -> None:
    edit(CASE, "  severity: 4\n", "  severity: 很高\n")(example)
    edit(CASE, "      - d2\n", "      - d9\n")(example)
    edit(CASE, "  - id: d2\n", "  - id: d1\n")(example)
    result = invoke(example, "check")
    assert result.exit_code == 1
    assert ":15: spot.severity: 严重程度须为 1–5 的整数，现为" in result.output
    assert "solve[1].addresses[0]: “d9”不是拆解细节中任何细节的编号" in result.output
    assert "split[1].id: 拆解细节中的编号“d1”重复" in result.output
    assert "1 problem(s)" not in result.output


MANY_PROBLEMS = """schema_version: 1
id: 20261120-abcd
title: T
created: 2026-11-20
updated: 2026-11-20
spot:
  touchpoint: 前台
  problem: P
  severity: 9
  severity: 2
  sevrity: 3
  observed: 2026-13-01
scene:
  path: [门口, 等候区]
split:
  - id: d1
    detail: D
  - id: d1
    detail: E
solve:
  - id: s1
    action: !!int abc
    addresses: [d9]
    status: maybe
    cost: lots
"""


@pytest.mark.parametrize("damage", ["duplicate key", "bad tag", "both"])
def test_a_duplicate_key_or_a_bad_tag_hides_no_other_problem_of_its_file(
    example: Path, damage: str
) -> None:
    """A duplicate key or a value that cannot be built as tagged is told, and the rest of the
    file is checked as if the first of the keys were the only one and the value were text."""
    text = MANY_PROBLEMS
    if damage != "duplicate key":
        text = text.replace("  problem: P\n", "  problem: !!int abc\n")
    if damage != "bad tag":
        text = text.replace("  severity: 2\n", "  severity: 2\n  severity: 1\n")
    text = text.replace("  severity: 2\n", "", damage == "bad tag")
    text = text.replace("    action: !!int abc\n", "    action: A\n", damage == "duplicate key")
    write("cases/20261120-abcd.yaml", text)(example)
    result = invoke(example, "check")
    assert result.exit_code == 1
    told = [line for line in result.output.splitlines() if "20261120-abcd" in line]
    expected = [
        "spot.sevrity: 未知的键",
        "spot.severity: 严重程度须为 1–5 的整数，现为 9",
        "spot.observed:",
        "scene.path:",
        "split[1].id: 拆解细节中的编号“d1”重复",
        "solve[0].addresses[0]: “d9”不是拆解细节中任何细节的编号",
        "solve[0].status:",
        "solve[0].cost:",
    ]
    if damage != "bad tag":
        expected.append("键“severity”重复")
    if damage != "duplicate key":
        expected.append("“abc”不是有效的整数（!!int）")
    for part in expected:
        assert any(part in line for line in told), (part, told)


def test_report_all_never_writes_or_removes_through_a_link_leading_out(example: Path) -> None:
    for rel in ("reports", "reports/cases"):
        outside = outside_folder(example)
        before = {path.name: path.read_bytes() for path in outside.iterdir()}
        shutil.rmtree(example / "reports", ignore_errors=True)
        if (example / "reports").is_symlink():
            (example / "reports").unlink()
        link(rel, outside_folder)(example)
        result = invoke(example, "report", "all")
        assert result.exit_code == 2, result.output
        assert {path.name: path.read_bytes() for path in outside.iterdir()} == before


def test_an_unreadable_folder_of_cases_is_a_problem(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = example / "cases" / "old"
    hidden.mkdir()
    write("cases/old/20261201-abcd.yaml", GOOD.replace("20261104-m2pq", "20261201-abcd"))(example)
    refuse_to_list(monkeypatch, hidden)
    result = invoke(example, "check")
    assert result.exit_code == 1
    assert "cases/old: 无法读取该文件夹：没有权限；其中的案例没有读取" in result.output


def test_a_folder_link_inside_the_workspace_is_followed_and_a_case_counts_once(
    example: Path,
) -> None:
    archive = example / "archive"
    archive.mkdir()
    moved = sorted((example / "cases").glob("*.yaml"))[:5]
    for path in moved:
        path.rename(archive / path.name)
    (example / "cases" / "old").symlink_to("../archive")
    (example / "cases" / "again").symlink_to("../archive")
    (archive / "back").symlink_to("../cases")
    listed = invoke(example, "case", "list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["cases"]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == 17
    assert {row["file"] for row in rows if row["id"] == moved[0].stem} == {
        f"cases/again/{moved[0].name}"
    }
    checked = invoke(example, "--language", "en", "check")
    assert checked.exit_code == 0, checked.output
    assert "17 valid case(s); 0 problems" in checked.output
    shown = invoke(example, "case", "show", moved[0].stem)
    assert shown.exit_code == 0, shown.output


def test_template_and_report_folders_linked_inside_the_workspace_are_used(
    example: Path,
) -> None:
    (example / "mine" / "zh").mkdir(parents=True)
    (example / "mine" / "zh" / "index.md.j2").write_text("# mine\n", encoding="utf-8")
    (example / "templates").mkdir()
    (example / "templates" / "zh").symlink_to("../mine/zh")
    (example / "built" / "cases").mkdir(parents=True)
    (example / "reports").mkdir()
    (example / "reports" / "cases").symlink_to("../built/cases")
    result = invoke(example, "report", "all")
    assert result.exit_code == 0, result.output
    assert (example / "reports" / "index.md").read_text(encoding="utf-8") == "# mine\n"
    assert len(list((example / "built" / "cases").glob("*.md"))) == 17


def test_folder_links_in_a_loop_end_with_a_clear_problem(example: Path) -> None:
    cases = example / "cases"
    (cases / "up").symlink_to("..")  # the workspace itself, which holds cases/
    (cases / "here").symlink_to(".")
    (cases / "a").symlink_to("b")
    (cases / "b").symlink_to("a")
    (cases / "gone").symlink_to("missing")
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "--workspace", str(example), "--language", "en", "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    loop = "a link back to a folder that holds it (a loop); it is not followed"
    assert f"cases/up: {loop}" in result.stdout
    assert f"cases/here: {loop}" in result.stdout
    nowhere = "a symbolic link that leads nowhere ({reason}); nothing is read through it"
    assert f"cases/a: {nowhere.format(reason='too many levels of symbolic links')}" in result.stdout
    assert f"cases/gone: {nowhere.format(reason='no such file or folder')}" in result.stdout
    assert "17 valid case(s); 5 problem(s) in 5 file(s)" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for a in 'x' * 30000 %}{% for b in 'y' * 30000 %}{% endfor %}{% endfor %}",
        "{% set n = namespace(i=0) %}{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% set n.i = n.i + 1 %}{% endfor %}{% endfor %}",
    ],
)
def test_a_template_that_would_run_for_ever_stops_with_its_name(
    example: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    from ssvssj.reports import bounds

    monkeypatch.setattr(bounds, "TIME_BUDGET", 1.0)
    template(text)(example)
    before = snapshot(example)
    result = invoke(example, "--language", "en", "report", "portfolio")
    assert result.exit_code == 2, result.output
    assert "portfolio.md.j2" in result.output
    assert "the template ran longer than 1 s; stopped" in result.output
    assert "Traceback" not in result.output
    assert snapshot(example) == before


def test_a_control_character_or_duplicate_key_hides_no_other_problem_of_its_file(
    example: Path,
) -> None:
    edit(CASE, "title: 报价单费用项目看不懂", 'title: "\\e]0;x\\a"')(example)
    edit(CASE, "  severity: 4", "  severity: 7")(example)
    edit(CASE, "    addresses:\n      - d1\n", "    addresses:\n      - zz9\n")(example)
    edit(CASE, "    owner: 销售部\n", "    owner: 销售部\n    owner: 市场部\n")(example)
    edit(CASE, "  channel: 门店", '  channel: ["\\e[31m\\x9b"]')(example)
    edit(CASE, "    status: proposed", '    status: "\\e[2J\\x9b"')(example)
    checked = invoke(example, "check")
    assert checked.exit_code == 1
    for told in (
        f"{CASE}:3: 文本中有控制字符 U+001B",
        f"{CASE}:12: 文本中有控制字符 U+001B",
        f"{CASE}:12: spot.channel:",
        f"{CASE}:15: spot.severity:",
        f"{CASE}:53: solve[0].addresses[0]: “zz9”",
        f"{CASE}:55: 键“owner”重复：第 54 行也有",
        f"{CASE}:68: 文本中有控制字符 U+001B",
        f"{CASE}:68: solve[1].status:",
    ):
        assert told in checked.output, (told, checked.output)
    assert "1 个文件中有 8 个问题" in checked.output
    as_json = json.loads(invoke(example, "check", "--format", "json").stdout)
    lines = sorted(problem["line"] for problem in as_json["problems"])
    assert lines == [3, 12, 12, 15, 53, 55, 68, 68]
    outputs = [
        checked.output,
        invoke(example, "check", "--format", "github").output,
        invoke(example, "case", "list").output,
        invoke(example, "case", "show", "20261104-m2pq").output,
    ]
    for output in outputs:
        assert not {"\x1b", "\x07", "\x9b"} & set(output), output


@pytest.mark.parametrize(
    ("rel", "claim", "wrong", "told"),
    [
        (
            "touchpoints.yaml",
            ("    aliases: [在线客服, 客服]\n", "    aliases: [在线客服, 客服, 前台]\n"),
            ("  展厅:\n    owner: 销售部\n", "  展厅:\n    owner: [销售部]\n"),
            "touchpoints.门店接待台.aliases[0]: 别名“前台”已经是触点“在线咨询”的名称或别名",
        ),
        (
            "causes.yaml",
            (
                "    aliases: [报价单没有说明]\n",
                "    aliases: [报价单没有说明, 线上预约未同步门店]\n",
            ),
            ("    owner: 市场部\n", "    owner: [市场部]\n"),
            "线上预约未同步门店",
        ),
    ],
)
def test_a_wrong_field_in_a_names_file_hides_no_name_claimed_twice(
    example: Path, rel: str, claim: tuple[str, str], wrong: tuple[str, str], told: str
) -> None:
    edit(rel, *claim)(example)
    alone = invoke(example, "check").output
    conflict = next(line for line in alone.splitlines() if told in line)
    edit(rel, *wrong)(example)
    checked = invoke(example, "check")
    assert checked.exit_code == 1
    assert conflict in checked.output, checked.output
    assert f"{rel}:" in checked.output.replace(conflict, "")  # the wrong field, told too


def test_control_characters_never_reach_the_terminal_raw(example: Path) -> None:
    write("cases/\x1b]0;pwned\x07.yaml", "title: x\n")(example)
    write("cases/\x9b2J.yaml", "title: x\n")(example)
    write("cases/\u202egpj.yaml", "title: x\n")(example)
    edit(CASE, "  touchpoint: 报价", "  touchpoint: 报\u2067价\u200e")(example)
    bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    for args in (("check",), ("check", "--format", "json"), ("case", "list")):
        result = invoke(example, *args)
        assert "\x1b" not in result.output and "\x07" not in result.output, args
        assert "\x9b" not in result.output, args
        assert not set(bidi) & set(result.output), args
    assert "\\u202egpj.yaml" in invoke(example, "check").output


def test_forged_annotations_stay_inside_their_file_property(example: Path) -> None:
    write("cases/x,line=999,title=forged::ignore.yaml", "title: x\n")(example)
    result = invoke(example, "check", "--format", "github")
    lines = [line for line in result.output.splitlines() if line.startswith("::error ")]
    assert lines  # the example's method warnings (::warning) are not about the forged file
    for line in lines:
        command, _, _ = line.partition("::")[2].partition("::")
        properties = dict(item.split("=", 1) for item in command.removeprefix("error ").split(","))
        assert set(properties) == {"file", "line"} and properties["line"] == "1", line


def test_case_show_json_is_strict_json(example: Path) -> None:
    edit(CASE, "  severity: 4\n", "  severity: 4\n")(example)
    (example / CASE).write_text(
        GOOD + "extra:\n  ratio: !!float .nan\n  top: !!float .inf\n", encoding="utf-8"
    )
    result = invoke(example, "case", "show", "20261104-m2pq", "--json")
    assert result.exit_code == 0, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    data = json.loads(result.stdout, parse_constant=refuse)
    assert data["case"]["extra"] == {"ratio": None, "top": None}


def test_markdown_block_syntax_in_evidence_renders_as_text(example: Path) -> None:
    edit(CASE, "    - 客户把报价单", "    - '---'\n    - ===\n    - '+ 加项'\n    - 客户把报价单")(
        example
    )
    result = invoke(example, "report", "case", "20261104-m2pq")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "- \\---" in lines and "- \\===" in lines and "- \\+ 加项" in lines
    assert "---" not in [line.strip() for line in lines]


@pytest.mark.parametrize(("spot", "shown"), [("[a]", "['a']"), ("5", "5"), ("前台", "'前台'")])
def test_a_from_file_whose_spot_is_not_a_mapping_is_a_clear_error(
    example: Path, spot: str, shown: str
) -> None:
    source = example.parent / "new.yaml"
    source.write_text(f"title: x\nspot: {spot}\n", encoding="utf-8")
    before = snapshot(example)
    result = invoke(example, "case", "new", "--no-input", "--from", str(source))
    assert result.exit_code == 2, result.output
    assert f"`spot` 应为其字段的键值映射（如 `touchpoint: …`），而不是 {shown}" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(example) == before


def test_the_cheap_confinement_check_agrees_with_full_resolution(tmp_path: Path) -> None:
    """Reading a case file looks at each part instead of resolving the path: for every kind of
    part on the way (plain, a link inside, a link out, a folder link out, `..`, missing) it must
    give the same verdict as resolving every link."""
    from ssvssj.confine import leads_out, leads_out_below

    root = tmp_path / "ws"
    outside = tmp_path / "outside"
    (root / "cases" / "2026").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: x\n")
    (root / "cases" / "2026" / "plain.yaml").write_text("id: y\n")
    (root / "cases" / "2026" / "inside.yaml").symlink_to("plain.yaml")
    (root / "cases" / "2026" / "out.yaml").symlink_to(outside / "secret.yaml")
    (root / "cases" / "away").symlink_to(outside)
    (root / "linked").symlink_to(root / "cases")
    paths = [
        ("cases", "2026", "plain.yaml"),
        ("cases", "2026", "inside.yaml"),
        ("cases", "2026", "out.yaml"),
        ("cases", "away", "secret.yaml"),
        ("linked", "2026", "plain.yaml"),
        ("cases", "..", "..", "outside", "secret.yaml"),
        ("cases", "2026", "missing.yaml"),
    ]
    verdicts = [leads_out_below(root, parts) for parts in paths]
    assert verdicts == [leads_out(root, root.joinpath(*parts)) for parts in paths]
    assert verdicts == [False, False, True, True, False, True, False]


NUMBERS_AS_WRITTEN = "extra:\n  a: 04\n  b: +4\n  c: 4.0\n  d: 1_000\n  e: 2e0\n  f: 1e3\n"


@pytest.mark.parametrize(
    "ends",
    [["\r\n", "\n"], ["\r"], ["\n"]],
    ids=["mixed-crlf-lf", "cr-only", "lf"],
)
def test_a_tool_write_changes_only_the_lines_of_the_changed_field(
    example: Path, ends: list[str]
) -> None:
    lines = ["---", *(GOOD + NUMBERS_AS_WRITTEN).splitlines(), "..."]
    written = "".join(line + ends[index % len(ends)] for index, line in enumerate(lines))
    write(CASE, written.encode("utf-8"))(example)
    assert invoke(example, "check").exit_code == 0
    solved = invoke(example, "case", "solve", "20261104-m2pq", "s1", "--status", "done")
    assert solved.exit_code == 0, solved.output
    after = (example / CASE).read_bytes().decode("utf-8")
    expected = written.replace("updated: 2026-11-18", "updated: 2026-11-23", 1).replace(
        "    status: doing", "    status: done", 1
    )
    assert after == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("journey", "diff", "v1", "--output=x"), "错误：没有这个选项：--output"),
        (
            ("journey", "diff", "v1", "--jsn"),
            "是否想用 --json？请查看 `",
        ),
        (("case", "log"), "错误：缺少参数：案例编号（ID）"),
        (
            ("journey", "diff", "HEAD", "--format", "pdf"),
            "--format：“pdf”不在可选项中：`text`、`markdown`",
        ),
        (("report", "progress", "--since"), "错误：选项 --since 需要一个值"),
        (("report", "zzz"), "错误：报告类型：“zzz”不在可选项中：`case`、"),
        (("journey", "variants", "--top", "0"), "错误：--top 须不小于 1"),
        (("report", "progress"), "需要 --since 版本"),
        (("case", "list", "--json=yes"), "错误：选项 --json 不接受值"),
        (("case", "list", "a", "b"), "错误：多余的参数：a b"),
        (("cases",), "错误：没有这个命令：cases"),
        (("--bogus", "check"), "错误：没有这个选项：--bogus"),
        (("--language", "fr", "check"), "错误：--language 只能是 `zh` 或 `en`"),
    ],
)
def test_usage_errors_are_in_the_workspace_language(
    cli_example: Cli, args: tuple[str, ...], message: str
) -> None:
    """The command-line parser's own refusals speak the workspace's language, for every
    command: no English usage text in a zh workspace."""
    refused = cli_example(*args, code=2)
    assert message in refused.stderr
    for english in ("Error", "Usage", "Try '", "No such", "Missing", "Invalid"):
        assert english not in refused.output


def test_usage_errors_follow_the_language_option(cli_example: Cli) -> None:
    refused = cli_example("--language", "en", "journey", "diff", "v1", "--output=x", code=2)
    error, hint = refused.stderr.splitlines()
    assert error == "error: no such option: --output"
    assert hint.startswith("hint: see `") and hint.endswith(" journey diff --help`")


def test_hidden_tool_folders_and_editor_files_stay_silent(example: Path) -> None:
    write("cases/.git/config.yaml", "x: 1\n")(example)
    write("cases/.20261104-m2pq.yaml.swp", "x")(example)
    result = invoke(example, "check")
    assert ".git" not in result.output and ".swp" not in result.output, result.output


@pytest.mark.parametrize("char", ["\u0085", "\u2028", "\u2029"])
def test_a_line_break_character_typed_by_the_user_is_refused_not_folded(
    example: Path, tmp_path: Path, char: str
) -> None:
    """YAML 1.1 readers take NEL and the Unicode separators as line breaks: written as typed,
    `降到<NEL>2分钟` would come back as `降到 2分钟` without a word."""
    before = snapshot(example)
    solved = invoke(example, "case", "solve", "20261104-m2pq", "s1", "--status", "done",
                    "--result", f"降到{char}2分钟")  # fmt: skip
    assert solved.exit_code == 2, solved.output
    assert f"U+{ord(char):04X}" in solved.output
    made = invoke(example, "case", "new", "--no-input", "--title", f"T{char}x", "--touchpoint",
                  "报价", "--problem", "看不懂", "--severity", "3")  # fmt: skip
    assert made.exit_code == 2, made.output
    assert f"U+{ord(char):04X}" in made.output
    table = tmp_path / "in.csv"
    table.write_text(f"门店,内容\n前台,等了{char}很久\n", encoding="utf-8")
    imported = invoke(example, "import", str(table), "--map", "touchpoint=门店,problem=内容")
    assert "已新建 0 个" in imported.output, imported.output
    assert f"U+{ord(char):04X}" in imported.output
    assert snapshot(example) == before


def test_every_format_of_check_shows_each_file_name_escaped_and_told_apart(
    example: Path,
) -> None:
    """A newline in a file name forged a second line, a BEL was dropped (so the name shown was
    not the name held), and the github format sent ESC, BEL and U+202E to the terminal."""
    write("cases/x\x1b]0;PWN\x07.yaml", "title: x\n")(example)
    write("cases/a\\x07.yaml", "title: x\n")(example)
    write("cases/\x1b]0;T\x07\u202esub/y.yaml", "title: x\n")(example)
    write(CASE + "\n", GOOD)(example)
    raw = set("\x1b\x07\u202e")
    text = invoke(example, "check").output
    github = invoke(example, "check", "--format", "github").output
    for output in (text, github):
        assert not raw & set(output), output
        assert "cases/x\\x1b]0;PWN\\x07.yaml" in output
        assert "cases/a\\\\x07.yaml" in output
        assert "cases/\\x1b]0;T\\x07\\u202esub/y.yaml" in output
        assert "cases/20261104-m2pq.yaml\\x0a" in output
    problems = text.splitlines()[:-1]
    assert problems and all(line.startswith("cases/") for line in problems), text
    assert all(line.startswith("::") for line in github.splitlines()), github
    shown = json.loads(invoke(example, "check", "--format", "json").stdout)
    assert {p["file"] for p in shown["problems"]} >= {
        "cases/x\x1b]0;PWN\x07.yaml",
        "cases/a\\x07.yaml",
        "cases/\x1b]0;T\x07\u202esub/y.yaml",
        CASE + "\n",
    }


def test_commands_that_print_a_path_show_it_escaped_on_one_line(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named with ESC, BEL and a newline: the paths `init`, `case edit` and
    `report all` print are one line each, nothing raw; `init`'s `cd` stays one shell word."""
    odd = "x\x1b]0;T\x07\nforged"
    made = subprocess.run(
        [sys.executable, "-m", "ssvssj", "init", odd, "--name", "X"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert made.returncode == 0, made.stderr
    shown = made.stdout.splitlines()
    assert not any(line.startswith("forged") for line in shown), shown
    assert not set("\x1b\x07") & set(made.stdout)
    assert "已创建 x\\x1b]0;T\\x07\\x0aforged/cases" in shown
    assert "  cd $'x\\x1b]0;T\\x07\\x0aforged'" in shown
    folder = example / "cases" / odd
    folder.mkdir()
    (example / CASE).rename(folder / "20261104-m2pq.yaml")
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text(encoding='utf-8').replace('severity: 4', 'severity: 5', 1),"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    for args in (("case", "edit", "20261104-m2pq"), ("report", "all", "-o", str(tmp_path / odd))):
        result = invoke(example, *args)
        assert result.exit_code == 0, result.output
        assert not set("\x1b\x07") & set(result.output), args
        assert "\\x1b]0;T\\x07\\x0aforged" in result.output, args
        assert not any(line.startswith("forged") for line in result.output.splitlines()), args


def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(example: Path) -> None:
    """Its byte shows as `\\xff` does in the text format, `\\udcff`, wherever the name appears
    (the file and the message naming it), and every output is UTF-8: run twice, so the result
    kept by the first run is shown the same by the second."""
    shutil.copy(example / "cases" / "20261102-k3f9.yaml", example / "cases" / "bad\udcff.yaml")
    shown = "bad\\udcff"
    expected = f"id “20261102-k3f9” must equal the file name “{shown}”"
    command = [sys.executable, "-m", "ssvssj", "--workspace", str(example), "--language", "en"]
    for _ in range(2):
        outputs = {}
        for output_format in ("text", "json", "github"):
            result = subprocess.run(
                [*command, "check", "--format", output_format],
                capture_output=True,
                timeout=120,
            )
            assert result.returncode == 1, result.stderr
            outputs[output_format] = result.stdout.decode("utf-8")
        assert f"cases/{shown}.yaml:2: id: {expected}" in outputs["text"]
        assert f"::error file=cases/{shown}.yaml,line=2::id: {expected}" in outputs["github"]
        problems = json.loads(outputs["json"])["problems"]
        assert {"file": f"cases/{shown}.yaml", "line": 2, "field": "id", "message": expected} in (
            problems
        )


def test_a_duplicate_id_is_told_in_the_same_run_as_the_file_s_other_problems(
    example: Path,
) -> None:
    """An invalid file declaring the id of another file is told of both at once: fixing its
    other problems must not reveal a duplicate only in a second run."""
    (example / "cases" / "sub").mkdir()
    shutil.copy(example / CASE, example / "cases" / "sub" / "20261104-m2pq.yaml")
    edit(CASE, "  severity: 4\n", "  severity: 99\n")(example)
    duplicate = "duplicate id '20261104-m2pq': also in cases/sub/20261104-m2pq.yaml"
    for _ in range(2):  # from the files, then from what the index kept
        for command in (("check",), ("check", "--format", "json"), ("case", "list")):
            result = invoke(example, "--language", "en", *command)
            assert result.exit_code in (0, 1), result.output
        text = invoke(example, "--language", "en", "check").output
        assert f"{CASE}: id: {duplicate}" in text
        assert "severity must be a whole number 1–5, not 99" in text
        assert "17 valid case(s)" in text
    edit("cases/sub/20261104-m2pq.yaml", "title:", "title: [")(example)
    both = invoke(example, "--language", "en", "check").output
    assert f"{CASE}: id: {duplicate}" in both
    assert f"cases/sub/20261104-m2pq.yaml: id: duplicate id '20261104-m2pq': also in {CASE}" in both


@pytest.mark.parametrize(("word", "value"), [("共鸣", "empathy"), ("通路", "pathway")])
def test_a_choice_written_as_the_methods_word_is_told_its_value(
    cli_empty: Cli, word: str, value: str
) -> None:
    cli_empty(
        "case", "new", "--no-input", "--title", "等待", "--touchpoint", "前台",
        "--problem", "等了很久",
    )  # fmt: skip
    path = next((cli_empty.root / "cases").rglob("*.yaml"))
    view = f"view:\n- perspective: customer\n  finding: 慢\n  lens: {word}\n"
    path.write_text(path.read_text(encoding="utf-8") + view, encoding="utf-8")
    assert f"；“{word}”在文件中写作 `{value}`" in cli_empty("check", code=1).output
    said = cli_empty("--language", "en", "check", code=1).output
    assert f"; in a case file, “{word}” is written `{value}`" in said


def test_a_choice_no_word_names_gets_no_such_hint(cli_empty: Cli) -> None:
    cli_empty(
        "case", "new", "--no-input", "--title", "等待", "--touchpoint", "前台",
        "--problem", "等了很久",
    )  # fmt: skip
    path = next((cli_empty.root / "cases").rglob("*.yaml"))
    view = "view:\n- perspective: customer\n  finding: 慢\n  lens: 乱写\n"
    path.write_text(path.read_text(encoding="utf-8") + view, encoding="utf-8")
    said = cli_empty("check", code=1).output
    assert "现为“乱写”" in said
    assert "在文件中写作" not in said
