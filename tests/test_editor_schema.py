"""Editors validate case files with the JSON Schema: check-jsonschema agrees with `ssvssj check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, Cli

SCHEMA_LEVEL = {
    "wrong-type": ("title: 预约试驾到店后无人接待", "title: [a, b]"),
    "unknown-key": ("  severity: 4\n", "  sevrity: 4\n"),
    "out-of-range": ("  severity: 4\n", "  severity: 9\n"),
    "bad-enum": ("    status: verified\n", "    status: finished\n"),
    "missing-required": ("title: 预约试驾到店后无人接待\n", ""),
    "bad-id": ("id: 20261102-k3f9", "id: 2026-k3f9"),
    "future-version": ("schema_version: 1", "schema_version: 2"),
}


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("check-jsonschema") or str(
        Path(sys.executable).parent / "check-jsonschema"
    )
    return subprocess.run(
        [executable, "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def schema(tmp_path: Path) -> Path:
    path = tmp_path / "case.schema.json"
    from typer.testing import CliRunner

    from ssvssj.cli import app

    CliRunner().invoke(app, ["schema", "-o", str(path)])
    return path


def test_every_example_case_is_valid_under_the_schema(schema: Path) -> None:
    result = check_jsonschema(schema, *sorted((REPO / "cases").glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", sorted(SCHEMA_LEVEL))
def test_schema_and_check_give_the_same_verdict(cli_example: Cli, schema: Path, kind: str) -> None:
    before, after = SCHEMA_LEVEL[kind]
    path = cli_example.root / "cases" / "20261102-k3f9.yaml"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    assert check_jsonschema(schema, path).returncode == 1
    cli_example("check", code=1)


def test_new_cases_name_the_schema_for_their_editor(cli_empty: Cli) -> None:
    result = cli_empty("case", "new", "--title", "t", "--touchpoint", "前台", "--problem", "p")
    created = cli_empty.root / result.stdout.strip()
    first = created.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../.ssvssj/case.schema.json"
    schema = cli_empty.root / ".ssvssj" / "case.schema.json"
    assert check_jsonschema(schema, created).returncode == 0
    cli_empty("case", "solve", result.stdout.strip()[6:19], "s1", "--status", "done", code=2)
    assert created.read_text(encoding="utf-8").splitlines()[0] == first


def test_init_writes_the_schema_in_the_workspace_language(empty: Path) -> None:
    """An editor shows the schema's titles to the consultant: a zh workspace's are Chinese."""
    import json
    import re

    schema = json.loads((empty / ".ssvssj" / "case.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "ssvssj 案例（schema_version 1）"
    spot = schema["$defs"]["Spot"]
    assert (spot["title"], spot["properties"]["problem"]["title"]) == ("发现问题", "问题")
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            texts.extend(
                str(node[k]) for k in ("title", "description") if isinstance(node.get(k), str)
            )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    english = [
        t
        for t in texts
        if re.search(r"[A-Za-z]{2,}", t.replace("ssvssj", "").replace("schema_version", ""))
    ]
    assert not english, english
