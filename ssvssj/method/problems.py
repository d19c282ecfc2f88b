"""Problem records: what is wrong, where. Plain data so `check` can list them all at once."""

from __future__ import annotations

from dataclasses import dataclass

from ssvssj.i18n import tr


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{place}: {self.field}: {self.message}" if self.field else f"{place}: {self.message}"
        )

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


def field_path(loc: tuple[object, ...] | list[object]) -> str:
    """Render a location such as ('split', 1, 'id') as 'split[1].id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def duplicate_case_id(file: str, case_id: str, first: str) -> Problem:
    """A second case file holding an id another file holds already: only the first is read."""
    return Problem(
        file,
        None,
        "id",
        tr(
            "duplicate id '{id}': also in {first}",
            "案例编号“{id}”重复：{first} 中也是这个编号",
            id=case_id,
            first=first,
        ),
    )
