"""Drafts (the wizard's answers not yet in a case file) and the private folder `.ssvssj/` that
holds them. Light: `check` and `case list` mention drafts without loading the case model."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssvssj.confine import leads_out
from ssvssj.errors import UsageError
from ssvssj.i18n import os_reason, tr
from ssvssj.method.problems import Problem
from ssvssj.store.files import write_atomic
from ssvssj.store.paths import PRIVATE_DIR


def draft_path(root: Path, case_id: str) -> Path:
    from ssvssj.store.ids import is_valid_id

    if not is_valid_id(case_id):
        raise UsageError(tr("“{id}” is not a case id", "“{id}”不是案例编号", id=case_id))
    return private_dir(root) / "drafts" / f"{case_id}.yaml"


def private_dir(root: Path) -> Path:
    """`.ssvssj/`, where drafts and the editor schema are written: never through a link that
    leads out of the workspace."""
    folder = root / PRIVATE_DIR
    for inside in (folder, folder / "drafts", folder / "edit"):
        if leads_out(root, inside):
            raise UsageError(
                tr(
                    "{folder} is a symbolic link leading out of the workspace; nothing is read "
                    "or written through it",
                    "{folder} 是指向工作区之外的符号链接；不会经由它读写任何内容",
                    folder=inside.relative_to(root).as_posix(),
                ),
                tr(
                    "replace the link by a folder",
                    "请把链接换成文件夹",
                ),
            )
    return folder


def private_folder_problems(root: Path) -> list[Problem]:
    """Why drafts or kept edits might not be seen: `.ssvssj/`, its `drafts/` or `edit/` is a
    link leading out of the workspace (never followed) or a folder that cannot be read.
    `case list` and `check` say so instead of showing no drafts."""
    folder = root / PRIVATE_DIR
    problems = []
    for inside in (folder, folder / "drafts", folder / "edit"):
        rel = inside.relative_to(root).as_posix()
        if not os.path.lexists(inside):
            continue
        if leads_out(root, inside):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    tr(
                        "a symbolic link leading out of the workspace: drafts and earlier edits "
                        "behind it are not read, and nothing is written through it; replace "
                        "the link by a folder",
                        "是指向工作区之外的符号链接：其中的草稿和之前的编辑不会读取，也不会经由"
                        "它写入任何内容；请把链接换成文件夹",
                    ),
                )
            )
            return problems
        try:
            with os.scandir(inside):
                pass
        except NotADirectoryError:
            return problems  # nothing can be kept in it; writing there is refused by name
        except OSError as error:
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    tr(
                        "this folder cannot be read: {reason}; drafts and earlier edits in it "
                        "are not shown",
                        "无法读取该文件夹：{reason}；其中的草稿和之前的编辑没有显示",
                        reason=os_reason(error),
                    ),
                )
            )
            return problems
    return problems


def bytes_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Draft:
    """The wizard's answers since the case file was last written, and which bytes of the case
    file they build on (None while the case has no file yet): the case file is the truth, so a
    draft applies only to the very bytes it was made from."""

    case_id: str
    doc: dict[str, Any]
    partial: dict[str, Any]
    step: str | None
    based_on: str | None

    def fits(self, case_bytes: bytes | None) -> bool:
        """Whether the case file is still what the draft was made from."""
        if case_bytes is None:
            return self.based_on is None
        return self.based_on == bytes_digest(case_bytes)


def save_draft(
    root: Path,
    case_id: str,
    doc: dict[str, Any],
    partial: dict[str, Any],
    step: str | None,
    case_bytes: bytes | None,
) -> None:
    record = {
        "doc": doc,
        "partial": partial,
        "step": step,
        "case_sha256": None if case_bytes is None else bytes_digest(case_bytes),
    }
    from ssvssj.store.yamlwrite import dump_document

    write_atomic(draft_path(root, case_id), dump_document(record))


def load_draft(root: Path, case_id: str) -> dict[str, Any] | None:
    """The draft's record as written, or None if there is none or it cannot be read."""
    from ssvssj.store.yamlread import ReadError, parse

    path = draft_path(root, case_id)
    try:
        data = parse(_small_regular_file(path))
    except (OSError, ReadError):
        return None
    return data if isinstance(data, dict) else None


def _small_regular_file(path: Path) -> bytes:
    """The bytes of a file ssvssj keeps for itself (a draft, a kept edit): only a regular
    file, and only one of a size such a file has; a FIFO or a huge file is an error."""
    import stat

    from ssvssj.confine import MAX_FILE_BYTES

    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            raise OSError(f"{path.name} is not a regular file of at most {MAX_FILE_BYTES} bytes")
        return file.read(MAX_FILE_BYTES + 1)


def read_draft(root: Path, case_id: str) -> Draft | None:
    """The draft of a case, None if it has none; a draft that cannot be read is an error that
    names it and the way out, never a guess at what it held."""
    path = draft_path(root, case_id)
    if not os.path.lexists(path):
        return None
    from ssvssj.method.constants import STEPS

    record = load_draft(root, case_id)
    doc = (record or {}).get("doc")
    partial = (record or {}).get("partial") or {}
    step = (record or {}).get("step")
    based_on = (record or {}).get("case_sha256")
    if (
        record is None
        or not isinstance(doc, dict)
        or not isinstance(partial, dict)
        or (step is not None and step not in STEPS)
        or (based_on is not None and not isinstance(based_on, str))
    ):
        raise UsageError(
            tr(
                "the draft of {id} cannot be read ({path})",
                "{id} 的草稿无法读取（{path}）",
                id=case_id,
                path=path.relative_to(root).as_posix(),
            ),
            tr(
                "pass --discard-draft to drop it and go on from the case file",
                "可加 --discard-draft 丢弃这份草稿，从案例文件继续",
            ),
        )
    if "case_sha256" not in record:
        based_on = "unknown"
    return Draft(case_id, doc, partial, step, based_on)


def has_answers(doc: dict[str, Any], partial: dict[str, Any]) -> bool:
    """Whether anything was answered: a draft of nothing is not worth keeping."""

    def filled(value: Any) -> bool:
        if isinstance(value, dict):
            return any(filled(v) for v in value.values())
        if isinstance(value, list):
            return any(filled(v) for v in value)
        return value not in (None, "")

    return filled({k: v for k, v in doc.items() if k != "created"}) or filled(partial)


def draft_ids(root: Path) -> list[str]:
    folder = root / PRIVATE_DIR / "drafts"
    if leads_out(root, folder) or not folder.is_dir():
        return []
    from ssvssj.store.ids import is_valid_id

    return sorted(p.stem for p in folder.glob("*.yaml") if is_valid_id(p.stem))


def drop_draft(root: Path, case_id: str) -> None:
    draft_path(root, case_id).unlink(missing_ok=True)


@dataclass(frozen=True)
class DraftNote:
    """What `case list` and `check` say about a draft: new (no case file yet), current (answers
    beyond the case file), stale (the case changed since) or broken (cannot be read)."""

    case_id: str
    title: str
    step: str | None
    state: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.case_id, "title": self.title, "step": self.step, "state": self.state}


def draft_notes(root: Path, files: dict[str, str]) -> list[DraftNote]:
    """Every draft of the workspace; `files` maps the ids of valid cases to their files."""
    notes = []
    for case_id in draft_ids(root):
        try:
            draft = read_draft(root, case_id)
        except UsageError:
            notes.append(DraftNote(case_id, "", None, "broken"))
            continue
        if draft is None:
            continue
        rel = files.get(case_id)
        try:
            current = (root / rel).read_bytes() if rel is not None else None
        except OSError:
            current = None
        state = "new" if rel is None and draft.based_on is None else "current"
        if not draft.fits(current):
            state = "stale"
        title = draft.doc.get("title")
        notes.append(DraftNote(case_id, title if isinstance(title, str) else "", draft.step, state))
    return notes
