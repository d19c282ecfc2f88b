"""Variants: the distinct paths customers took, most frequent first (the process-mining view).

Paths are compared after aliasing, so 前台 and 门店接待台 make one variant. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ssvssj.journey.infer import Journey


@dataclass(frozen=True)
class Variant:
    path: tuple[str, ...]
    cases: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.cases)


def variants(journey: Journey, top: int | None = None) -> list[Variant]:
    """Distinct paths with the cases that took them: most cases first, then in journey order.
    Only the `top` variants asked for have their cases put in order: a large journey's cases
    take thousands of paths."""
    position = {t.name: t.order for t in journey.touchpoints}
    ranked = sorted(
        journey.taken.items(),
        key=lambda taken: (-len(taken[1]), [position.get(tp, -1) for tp in taken[0]], taken[0]),
    )
    chosen = ranked if top is None else ranked[:top]
    return [Variant(path, tuple(sorted(ids))) for path, ids in chosen]


def share(variant: Variant, journey: Journey) -> float:
    """The variant's share of the journey's cases, 0..1."""
    return variant.count / len(journey.cases) if journey.cases else 0.0


def variants_data(journey: Journey, top: int | None = None) -> dict[str, Any]:
    """The variants as plain data for `--json`."""
    found = variants(journey, top)
    return {
        "cases": len(journey.cases),
        "distinct": len(variants(journey)),
        "variants": [
            {
                "path": list(v.path),
                "count": v.count,
                "share": round(share(v, journey), 4),
                "case_ids": list(v.cases),
            }
            for v in found
        ],
    }
