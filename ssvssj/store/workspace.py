"""The loaded workspace: what the commands, the journey and the reports consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ssvssj.journey.agreed import Agreed
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.casefacts import CaseFacts
from ssvssj.method.models import Case, WorkspaceConfig
from ssvssj.method.problems import Problem
from ssvssj.store.leans import LeanRow

# a case's rule facts, and the lines of the fields its findings may name
PlacedFacts = tuple[CaseFacts, tuple[tuple[str, int | None], ...]]


@dataclass
class Workspace:
    root: Path
    config: WorkspaceConfig
    vocabulary: Vocabulary
    causes: Vocabulary = field(default_factory=Vocabulary)
    cases: list[Case] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # each valid case's file, by its bytes
    problems: list[Problem] = field(default_factory=list)
    agreed: Agreed | None = None
    inputs: str | None = None  # a hash of every input file's bytes, for derived results
    # what the method rules need of each valid case, where it was loaded without its cases
    facts: list[PlacedFacts] | None = None
    # each valid case as a journey reads it, where it was loaded for a journey
    leans: list[LeanRow] | None = None

    @property
    def language(self) -> str:
        return self.config.language

    def file_of(self, case_id: str) -> Path:
        return self.root / self.files[case_id]
