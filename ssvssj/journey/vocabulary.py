"""Touchpoint names: matching spellings to one canonical touchpoint (touchpoints.yaml)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ssvssj.method.models import VocabularyFile

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Spellings with equal keys name the same touchpoint: NFKC, trimmed, ASCII case folded."""
    if not unicodedata.is_normalized("NFKC", name):
        name = unicodedata.normalize("NFKC", name)
    return name.strip().translate(_ASCII_LOWER)


@dataclass
class Vocabulary:
    """Canonical touchpoints, their aliases and pinned stages, looked up by `name_key`."""

    canonical_by_key: dict[str, str] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        """Canonical names in file order: the vocabulary's own order."""
        return list(self.aliases)

    def canonical(self, name: str) -> str | None:
        return self.canonical_by_key.get(name_key(name))

    def stage_of(self, canonical: str) -> str | None:
        return self.stages.get(canonical)


def build_vocabulary(data: VocabularyFile) -> tuple[Vocabulary, list[tuple[str, str]]]:
    """Build the lookup; return it with (field, message) conflicts that `check` reports."""
    vocab = Vocabulary()
    conflicts: list[tuple[str, str]] = []
    for name, entry in data.touchpoints.items():
        key = name_key(name)
        where = f"touchpoints.{name}"
        if not key:
            conflicts.append((where, "a touchpoint name must not be blank"))
            continue
        if key in vocab.canonical_by_key:
            other = vocab.canonical_by_key[key]
            conflicts.append((where, f"'{name}' is the same name as '{other}' (or its alias)"))
            continue
        vocab.canonical_by_key[key] = name
        vocab.aliases[name] = []
        if entry is not None and entry.stage:
            vocab.stages[name] = entry.stage
    for name, entry in data.touchpoints.items():
        if entry is None or vocab.canonical_by_key.get(name_key(name)) != name:
            continue
        for index, alias in enumerate(entry.aliases):
            key = name_key(alias)
            where = f"touchpoints.{name}.aliases[{index}]"
            owner = vocab.canonical_by_key.get(key)
            if owner == name:
                continue
            if owner is not None and name_key(owner) == key:
                conflicts.append(
                    (where, f"'{alias}' is both an alias of '{name}' and a touchpoint of its own")
                )
                continue
            if owner is not None:
                conflicts.append((where, f"alias '{alias}' already names touchpoint '{owner}'"))
                continue
            vocab.canonical_by_key[key] = name
            vocab.aliases[name].append(alias)
    return vocab, conflicts
