"""journey.yaml as the format defines it, for validating the file (pydantic, so apart from
the agreed journey itself, which a journey reads without it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Name = Annotated[str, StringConstraints(min_length=1), AfterValidator(_not_blank)]


class AgreedFile(BaseModel):
    """journey.yaml as the format defines it (case-format.md, revision 1.1)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    schema_version: Literal[1]
    validated_on: date | None = None
    stages: list[Name] = []
    order: list[Name] = []
    rejected: list[Annotated[list[Name], Field(min_length=2, max_length=2)]] = []
