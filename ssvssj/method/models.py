"""The case format (case-format.md, schema_version 1) as pydantic models, plus derived values.

No I/O here: the store reads files and hands plain data to these models.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from ssvssj.method.casestate import CaseState
from ssvssj.method.characters import first_invisible
from ssvssj.method.constants import (
    MAX_CAUSE,
    MAX_NAME,
    MAX_PATH,
    STALE_AFTER_DAYS,
    step_number,
)

SCHEMA_VERSION = 1
ID_PATTERN = re.compile(r"^[0-9]{8}-[a-z0-9]{4}$")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]


def _visible_name(value: str) -> str:
    """Invisible characters (a zero-width space, a direction mark, a variation selector, a
    Hangul filler) would make two names that look the same name two touchpoints."""
    _not_blank(value)
    char = first_invisible(value)
    if char is not None:
        from ssvssj.i18n import tr

        raise ValueError(
            tr(
                "contains an invisible character (U+{code}); remove it, "
                "so that the name matches the one it looks like",
                "含有不可见字符（U+{code}），请删除，使名称与看起来相同的名称一致",
                code=f"{ord(char):04X}",
            )
        )
    return value


# A cause is a name too (causes are matched like touchpoints), longer than a touchpoint's.
CauseName = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_CAUSE), AfterValidator(_visible_name)
]

ITEM_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _item_id(value: str) -> str:
    """A detail's or a solution's id is typed in commands (`case solve ID s1`): ASCII letters,
    digits, - and _ only, so an id that looks like s1 is s1."""
    from ssvssj.i18n import tr

    _not_blank(value)
    if not ITEM_ID.match(value):
        raise ValueError(
            tr(
                "must be ASCII letters, digits, - or _ only (like d1 or s2), not {value}",
                "只能由 ASCII 字母、数字、- 或 _ 组成（如 d1、s2），现为 {value}",
                value=ascii(value),
            )
        )
    return value


ItemId = Annotated[str, StringConstraints(min_length=1), AfterValidator(_item_id)]


Name = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_NAME), AfterValidator(_visible_name)
]
# In a case file a severity is a YAML integer: a quoted "4" or a `4.0` is text, and a problem.
Severity = Annotated[int, Field(ge=1, le=5, strict=True)]
Lens = Literal["touchpoint", "pathway", "delivery", "ecosystem", "empathy"]
Level = Literal["low", "medium", "high"]
Status = Literal["proposed", "doing", "done", "verified", "dropped"]
Kind = Literal["pain", "gain"]
Promise = Literal["brand", "basic"]
RuleLevel = Literal["off", "warning", "error"]
RuleId = Literal[
    "verified-without-result",
    "solution-without-owner",
    "no-customer-view",
    "detail-unaddressed",
    "spot-without-evidence",
    "unrated",
    "overdue",
    "stale",
]


def _number(value: Any) -> Any:
    """A finite number as written (15 stays 15, 2.5 stays 2.5); true/false is a mistake, not 1."""
    from ssvssj.i18n import tr

    if isinstance(value, bool):
        raise ValueError(tr("must be a number, not true or false", "须为数字，不能是真或假"))
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise ValueError(
                    tr("must be a number, not “{value}”", "须为数字，现为“{value}”", value=text)
                ) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(tr("must be a finite number", "须为有限的数字"))
    if not isinstance(value, int | float):
        raise ValueError(tr("must be a number", "须为数字"))
    return value


def _off_is_off(value: Any) -> Any:
    """A YAML 1.1 reader turns an unquoted `off` into false: the same meaning, however the
    reader hands it over (false, "false", "Off")."""
    if value is False:
        return "off"
    if isinstance(value, str):
        lowered = value.strip().lower()
        return "off" if lowered == "false" else lowered
    return value


Number = Annotated[int | float, BeforeValidator(_number)]


class Strict(BaseModel):
    """Unknown keys are errors: a typo such as `sevrity` must not pass silently."""

    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, frozen=False, allow_inf_nan=False
    )


class Spot(Strict):
    kind: Kind | None = None
    touchpoint: Name
    from_: Name | None = Field(default=None, alias="from")
    channel: str | None = None
    observed: date | None = None
    problem: Text
    severity: Severity | None = None
    evidence: list[str] = []


class Scene(Strict):
    customer: str | None = None
    goal: str | None = None
    context: str | None = None
    path: Annotated[list[Name], Field(max_length=MAX_PATH)] = []
    expectation: str | None = None
    experience: str | None = None

    def is_empty(self) -> bool:
        """Every field unset or empty: the model's fields are exactly what its `__dict__` holds
        (unknown keys are refused)."""
        return not any(self.__dict__.values())


class View(Strict):
    perspective: Text
    lens: Lens | None = None
    finding: Text


class Detail(Strict):
    id: ItemId
    detail: Text
    lens: Lens | None = None
    severity: Severity | None = None
    at: Name | None = None
    cause: CauseName | None = None


class Measure(Strict):
    """A verified effect in numbers: before and after, in one unit."""

    name: Text
    unit: str | None = None
    before: Number
    after: Number


class Solution(Strict):
    id: ItemId
    action: Text
    addresses: list[str] = []
    owner: str | None = None
    cost: Level | None = None
    impact: Level | None = None
    due: date | None = None
    status: Status = "proposed"
    result: str | None = None
    measure: Measure | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ("proposed", "doing")


class Case(CaseState, Strict):
    schema_version: Literal[1]
    id: str = Field(json_schema_extra={"pattern": ID_PATTERN.pattern})
    title: Text
    created: date
    updated: date | None = None
    consultant: str | None = None
    tags: list[str] = []
    spot: Spot
    scene: Scene | None = None
    view: list[View] = []
    split: list[Detail] = []
    solve: list[Solution] = []
    dropped: str | None = None
    extra: dict[str, Any] | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError("id must look like YYYYMMDD-xxxx (date, dash, four of a-z0-9)")
        return value

    @property
    def step(self) -> str:
        """The first step whose section is missing or empty; with every section, solve. Asked
        for several times a case when a workspace is checked, so written out step by step."""
        if self.scene is None or self.scene.is_empty():
            return "scene"
        if not self.view:
            return "view"
        if not self.split:
            return "split"
        return "solve"

    @property
    def step_number(self) -> int:
        return step_number(self.step)

    @property
    def live_solutions(self) -> list[Solution]:
        return [s for s in self.solve if s.status != "dropped"]


class WorkspaceConfig(Strict):
    schema_version: Literal[1]
    name: Text
    language: Literal["zh", "en"] = "zh"
    consultant: str | None = None
    as_of: date | None = None
    stale_after_days: Annotated[int, Field(ge=0)] = STALE_AFTER_DAYS
    rules: dict[RuleId, Annotated[RuleLevel, BeforeValidator(_off_is_off)]] = {}


class TouchpointEntry(Strict):
    aliases: list[Name] = []
    stage: str | None = None
    owner: str | None = None
    channel: str | None = None
    key: bool | None = None
    promise: Promise | None = None


class VocabularyFile(Strict):
    touchpoints: dict[Name, TouchpointEntry | None] = {}


class CauseEntry(Strict):
    aliases: list[CauseName] = []
    owner: str | None = None


class CausesFile(Strict):
    causes: dict[CauseName, CauseEntry | None] = {}
