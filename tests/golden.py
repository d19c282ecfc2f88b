"""Golden files: the expected bytes of generated files. SSVSSJ_UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("SSVSSJ_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {name}: run with SSVSSJ_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_bytes(), f"{name} differs from its golden file"
