"""A new workspace's files."""

from __future__ import annotations

from pathlib import Path

from ssvssj.errors import UsageError
from ssvssj.i18n import tr
from ssvssj.method.schema import case_schema_json
from ssvssj.store.files import create_exclusive, write_atomic
from ssvssj.store.paths import (
    CASES_DIR,
    CAUSES_FILE,
    CONFIG_FILE,
    JOURNEY_FILE,
    PRIVATE_DIR,
    VOCABULARY_FILE,
)
from ssvssj.store.store import SCHEMA_FILE
from ssvssj.store.yamlwrite import dump_document

_VOCABULARY = {
    "zh": "# 触点词表：规范名称、别名（aliases），以及可选的阶段（stage）。\n"
    "# 例如：\n#   门店接待台:\n#     aliases: [前台, 接待台]\n#     stage: 到店\n"
    "touchpoints: {}\n",
    "en": "# The touchpoint vocabulary: canonical names, aliases, and an optional stage.\n"
    "# For example:\n#   front desk:\n#     aliases: [reception]\n#     stage: arrival\n"
    "touchpoints: {}\n",
}


def enclosing_workspace(directory: Path) -> Path | None:
    """The workspace that already holds `directory` (above it), if any."""
    start = directory.expanduser().resolve()
    for folder in start.parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def make_workspace(directory: Path, name: str, language: str) -> list[Path]:
    if directory.exists() and not directory.is_dir():
        raise UsageError(
            tr(
                "{path} is a file, not a folder: a workspace is a folder",
                "{path} 是文件，不是文件夹：工作区是一个文件夹",
                path=directory,
            ),
            tr("name a new or an existing folder", "请指定一个新的或已有的文件夹"),
        )
    if (directory / CONFIG_FILE).exists():
        raise UsageError(
            tr(
                "{config} exists already: this is a workspace",
                "{config} 已存在：这里已经是工作区",
                config=directory / CONFIG_FILE,
            )
        )
    _refuse_links_leading_out(directory)
    config = dump_document({"schema_version": 1, "name": name, "language": language})
    _refuse_what_check_would(config)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    if create_exclusive(directory / CONFIG_FILE, config):
        written.append(directory / CONFIG_FILE)
    if create_exclusive(directory / VOCABULARY_FILE, _VOCABULARY[language].encode("utf-8")):
        written.append(directory / VOCABULARY_FILE)
    (directory / CASES_DIR).mkdir(exist_ok=True)
    written.append(directory / CASES_DIR)
    gitignore = directory / ".gitignore"
    existing = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
    if f"{PRIVATE_DIR}/" not in existing.splitlines():
        prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
        write_atomic(gitignore, f"{prefix}{PRIVATE_DIR}/\n".encode())
        written.append(gitignore)
    schema_path = directory / PRIVATE_DIR / SCHEMA_FILE
    write_atomic(schema_path, case_schema_json(language).encode("utf-8"))
    written.append(schema_path)
    return written


# Every name a workspace gives meaning to: `init` writes some of them, commands write others.
_WORKSPACE_NAMES = (
    CONFIG_FILE,
    VOCABULARY_FILE,
    CAUSES_FILE,
    JOURNEY_FILE,
    CASES_DIR,
    PRIVATE_DIR,
    ".gitignore",
    "reports",
    "templates",
)


def _refuse_links_leading_out(directory: Path) -> None:
    """A folder that arrives with `.ssvssj` or `cases` linked elsewhere would have `init` write
    there: each such link is named, and nothing is written."""
    from ssvssj.confine import leads_out

    if not directory.is_dir():
        return
    links = [
        directory / name
        for name in _WORKSPACE_NAMES
        if (directory / name).is_symlink() and leads_out(directory, directory / name)
    ]
    if links:
        raise UsageError(
            tr(
                "{links}: a symbolic link leading out of the workspace; nothing was written",
                "{links}：指向工作区之外的符号链接；没有写入任何文件",
                links=tr(", ", "、").join(str(link) for link in links),
            ),
            tr(
                "remove the links, or make the workspace in another folder",
                "请删除这些链接，或在另一个文件夹中新建工作区",
            ),
        )


def _refuse_what_check_would(config: bytes) -> None:
    """The workspace file is read back by the rule every command reads it with, before
    anything is written: `init` never makes a file its own `check` rejects."""
    from ssvssj.store.loading import load_config

    _, problems = load_config(CONFIG_FILE, config)
    if problems:
        raise UsageError(
            tr(
                "the engagement name cannot be used: {reason}",
                "项目名称不可用：{reason}",
                reason=problems[0].message,
            ),
            tr(
                "choose a name without control characters; nothing was written",
                "请换一个不含控制字符的名称；没有写入任何文件",
            ),
        )
