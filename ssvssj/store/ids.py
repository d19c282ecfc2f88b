"""Case ids: making new ones and resolving the prefixes people type, like git."""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath

from ssvssj.errors import AmbiguousId, CaseNotFound, InvalidCase, UsageError
from ssvssj.i18n import joined, tr
from ssvssj.method.models import ID_PATTERN
from ssvssj.method.problems import Problem

_ALPHABET = string.ascii_lowercase + string.digits
_PREFIX_CHARS = set(_ALPHABET + "-")


def new_id(day: date) -> str:
    return f"{day:%Y%m%d}-{''.join(secrets.choice(_ALPHABET) for _ in range(4))}"


def resolve(prefix: str, known: Iterable[str], broken: Iterable[Problem] = ()) -> str:
    """The one id that starts with `prefix`; a clear error for none, several, or a bad shape.
    A prefix that names only a file with problems (`broken`) says so, with its problems."""
    cleaned = prefix.strip()
    if not cleaned or not set(cleaned) <= _PREFIX_CHARS:
        raise UsageError(
            tr(
                "“{prefix}” is not a case id: ids look like 20261102-k3f9 (digits, a dash, a-z0-9)",
                "“{prefix}”不是案例编号：编号形如 20261102-k3f9（日期、短横线、四个 a-z0-9 字符）",
                prefix=prefix,
            )
        )
    matches = sorted({case_id for case_id in known if case_id.startswith(cleaned)})
    if not matches:
        _refuse_broken(cleaned, list(broken))
        raise CaseNotFound(
            tr("no case with id “{id}”", "没有编号为“{id}”的案例", id=cleaned),
            tr("run `ssvssj case list` to see the ids", "运行 `ssvssj case list` 查看所有编号"),
        )
    if len(matches) > 1 and cleaned not in matches:
        shown = joined(matches[:5]) + (" …" if len(matches) > 5 else "")
        raise AmbiguousId(
            tr(
                "“{prefix}” matches {n} cases: {shown}; type more of the id",
                "“{prefix}”对应 {n} 个案例：{shown}；请多输入几位",
                prefix=cleaned,
                n=len(matches),
                shown=shown,
            )
        )
    return cleaned if cleaned in matches else matches[0]


def is_valid_id(case_id: str) -> bool:
    return bool(ID_PATTERN.match(case_id))


def _refuse_broken(prefix: str, broken: list[Problem]) -> None:
    files = sorted({p.file for p in broken if PurePosixPath(p.file).stem.startswith(prefix)})
    if len(files) == 1:
        raise InvalidCase(
            tr(
                "{file} is not valid; fix it first (see `ssvssj check`)",
                "{file} 无效，请先修正（见 `ssvssj check`）",
                file=files[0],
            ),
            [p for p in broken if p.file == files[0]],
        )
