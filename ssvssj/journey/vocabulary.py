"""Spellings matched to one canonical name: touchpoints.yaml, and causes.yaml for root causes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from ssvssj.i18n import tr
from ssvssj.method.characters import INVISIBLE

if TYPE_CHECKING:
    from ssvssj.method.models import CausesFile, TouchpointEntry, VocabularyFile

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Spellings with equal keys name the same touchpoint: NFKC, invisible characters removed,
    trimmed, ASCII case folded."""
    if not unicodedata.is_normalized("NFKC", name):
        name = unicodedata.normalize("NFKC", name)
    return INVISIBLE.sub("", name).strip().translate(_ASCII_LOWER)


class Entry(Protocol):
    aliases: list[str]
    owner: str | None


@dataclass
class Vocabulary:
    """Canonical names, their aliases, pinned stages and owners, looked up by `name_key`."""

    canonical_by_key: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    touchpoints: dict[str, TouchpointEntry] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Canonical names in file order: the vocabulary's own order."""
        return list(self.aliases)

    def canonical(self, name: str) -> str | None:
        return self.canonical_by_key.get(name_key(name))

    def stage_of(self, canonical: str) -> str | None:
        return self.stages.get(canonical)

    def owner_of(self, canonical: str) -> str | None:
        return self.owners.get(canonical)

    def entry(self, canonical: str) -> TouchpointEntry:
        """What touchpoints.yaml says about a touchpoint (empty where it says nothing)."""
        found = self.touchpoints.get(canonical)
        if found is None:
            from ssvssj.method.models import TouchpointEntry

            found = TouchpointEntry()
        return found


def build_vocabulary(data: VocabularyFile) -> tuple[Vocabulary, list[tuple[str, str]]]:
    """Build the touchpoint lookup; return it with (field, message) conflicts `check` reports."""
    vocab, conflicts = build_names(data.touchpoints, "touchpoints")
    for name, entry in data.touchpoints.items():
        if entry is not None and name in vocab.aliases:
            vocab.touchpoints[name] = entry
            if entry.stage:
                vocab.stages[name] = entry.stage
    return vocab, conflicts


def build_causes(data: CausesFile) -> tuple[Vocabulary, list[tuple[str, str]]]:
    """The root-cause lookup of causes.yaml, matched like touchpoint names."""
    return build_names(data.causes, "causes")


def build_names(
    entries: Mapping[str, Entry | None], section: str
) -> tuple[Vocabulary, list[tuple[str, str]]]:
    """Canonical names and their aliases; a name or alias given twice is a conflict."""
    vocab = Vocabulary()
    conflicts: list[tuple[str, str]] = []
    for name, entry in entries.items():
        key = name_key(name)
        where = f"{section}.{name}"
        if not key:
            blank = (
                tr("a touchpoint name must not be blank", "触点名称不能为空")
                if section == "touchpoints"
                else tr("a cause name must not be blank", "根因名称不能为空")
            )
            conflicts.append((where, blank))
            continue
        if key in vocab.canonical_by_key:
            other = vocab.canonical_by_key[key]
            same = (
                tr(
                    "'{name}' is the same touchpoint name as '{other}' (or its alias)",
                    "“{name}”与触点“{other}”（或其别名）是同一个名称",
                    name=name,
                    other=other,
                )
                if section == "touchpoints"
                else tr(
                    "'{name}' is the same cause name as '{other}' (or its alias)",
                    "“{name}”与根因“{other}”（或其别名）是同一个名称",
                    name=name,
                    other=other,
                )
            )
            conflicts.append((where, same))
            continue
        vocab.canonical_by_key[key] = name
        vocab.aliases[name] = []
        if entry is not None and entry.owner:
            vocab.owners[name] = entry.owner
    for name, entry in entries.items():
        if entry is None or vocab.canonical_by_key.get(name_key(name)) != name:
            continue
        for index, alias in enumerate(entry.aliases):
            key = name_key(alias)
            where = f"{section}.{name}.aliases[{index}]"
            owner = vocab.canonical_by_key.get(key)
            if owner == name:
                continue
            if owner is not None and name_key(owner) == key:
                own = (
                    tr(
                        "'{alias}' is both an alias of '{name}' and a touchpoint of its own",
                        "“{alias}”既是“{name}”的别名，又是单独的触点",
                        alias=alias,
                        name=name,
                    )
                    if section == "touchpoints"
                    else tr(
                        "'{alias}' is both an alias of '{name}' and a cause of its own",
                        "“{alias}”既是“{name}”的别名，又是单独的根因",
                        alias=alias,
                        name=name,
                    )
                )
                conflicts.append((where, own))
                continue
            if owner is not None:
                taken = (
                    tr(
                        "alias '{alias}' already names touchpoint '{owner}'",
                        "别名“{alias}”已经是触点“{owner}”的名称或别名",
                        alias=alias,
                        owner=owner,
                    )
                    if section == "touchpoints"
                    else tr(
                        "alias '{alias}' already names cause '{owner}'",
                        "别名“{alias}”已经是根因“{owner}”的名称或别名",
                        alias=alias,
                        owner=owner,
                    )
                )
                conflicts.append((where, taken))
                continue
            vocab.canonical_by_key[key] = name
            vocab.aliases[name].append(alias)
    return vocab, conflicts


def cause_key(causes: Vocabulary) -> Callable[[str], str]:
    """Equal keys name the same root cause: through causes.yaml, else by matching the text."""

    def key(text: str) -> str:
        canonical = causes.canonical(text)
        return name_key(canonical if canonical is not None else text)

    return key
