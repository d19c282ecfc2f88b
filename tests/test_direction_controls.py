"""Direction controls (U+202E and its kin) reorder what a terminal or an export shows after them:
in any text of any file they are a located problem, and no output holds them as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssvssj.journey.infer import infer
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.characters import BIDI_CONTROLS
from ssvssj.method.models import Case
from tests.conftest import Cli

CONTROLS = sorted(chr(code) for code in BIDI_CONTROLS)

CASE = """schema_version: 1
id: 20261101-bbbb
title: "ti{c}tle"
created: 2026-11-01
updated: 2026-11-01
spot:
  touchpoint: 前台
  problem: "pr{c}ob"
  severity: 3
  evidence: ["ev{c}id"]
scene:
  path: [前台, 展厅]
"""
TOUCHPOINTS = (
    'touchpoints:\n  前台:\n    owner: "own{c}er"\n    stage: "st{c}g"\n    channel: "ch{c}n"\n'
)


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_direction_control_in_any_text_is_a_problem_on_its_line(
    cli_empty: Cli, empty: Path, control: str
) -> None:
    (empty / "cases" / "20261101-bbbb.yaml").write_text(CASE.format(c=control), encoding="utf-8")
    (empty / "touchpoints.yaml").write_text(TOUCHPOINTS.format(c=control), encoding="utf-8")
    output = cli_empty("check", code=1).output
    code = f"U+{ord(control):04X}"
    for where in ("cases/20261101-bbbb.yaml:3:", "cases/20261101-bbbb.yaml:8:"):
        assert any(line.startswith(where) and code in line for line in output.splitlines()), where
    for where in ("cases/20261101-bbbb.yaml:10:", "touchpoints.yaml:3:", "touchpoints.yaml:4:"):
        assert any(line.startswith(where) and code in line for line in output.splitlines()), where
    assert any(line.startswith("touchpoints.yaml:5:") for line in output.splitlines())
    assert control not in output


def test_direction_controls_never_reach_an_export() -> None:
    from ssvssj.journey.blueprint import blueprint_rows, to_blueprint_csv
    from ssvssj.journey.exports import export
    from ssvssj.reports.markdown import inline

    text = "".join(f"x{control}" for control in CONTROLS)
    cases = [
        Case.model_validate(
            {
                "schema_version": 1,
                "id": "20261102-c001",
                "title": text,
                "created": "2026-11-02",
                "spot": {"touchpoint": "前台", "problem": text, "severity": 3},
                "scene": {"path": ["前台", "展厅"], "customer": text},
            }
        )
    ]
    vocabulary = Vocabulary(stages={"前台": text}, owners={"前台": text})
    journey = infer(cases, vocabulary, language="zh")
    outputs = {fmt: export(journey, fmt, text) for fmt in ("mermaid", "mermaid-journey", "dot")}
    outputs |= {fmt: export(journey, fmt, text) for fmt in ("graphml", "csv", "svg", "html")}
    outputs["blueprint"] = to_blueprint_csv(blueprint_rows(journey))
    outputs["markdown"] = inline(text)
    for fmt, written in outputs.items():
        assert not set(written) & set(CONTROLS), fmt
        assert "x\ufffdx" in written, fmt
