"""Whole answers of read-only commands, given again while nothing changed: always the bytes a
fresh run gives, never from a kept answer that does not match, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer.main

from benchmarks.synthetic import make_workspace
from ssvssj.answers.question import COMMANDS, GLOBAL, asked
from ssvssj.cli import app
from ssvssj.cli.report import ReportKind
from ssvssj.store.index import SETTLED_NS

FORMATS = ("mermaid", "mermaid-journey", "dot", "graphml", "json", "csv", "blueprint", "svg")
READ_ONLY: list[tuple[str, ...]] = [
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format=github", "--strict"),
    ("case", "list"),
    ("case", "list", "--json"),
    ("case", "list", "--open", "--step", "2"),
    ("journey", "show"),
    ("journey", "show", "--json", "--min-count", "2"),
    *[("journey", "export", "-f", fmt) for fmt in (*FORMATS, "html")],
    ("journey", "export", "--format", "json", "--tag", "交付"),
    ("touchpoints",),
    ("touchpoints", "--json"),
    ("report", "journey"),
    ("report", "portfolio"),
    ("report", "--lang", "en", "index"),
    ("report", "all"),
]

# Runs ssvssj as its entry point does, and notes in a file of its own (standard error is
# compared) whether the command line was loaded, that is, whether the answer was made anew.
PROBE = """
import os, runpy, sys
sys.argv = ["ssvssj", *sys.argv[1:]]
try:
    runpy.run_module("ssvssj", run_name="__main__")
finally:
    with open(os.environ["PROBE_NOTE"], "w") as note:
        note.write("made" if "typer" in sys.modules else "kept")
"""


class Run:
    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache

    def __call__(self, *args: str) -> tuple[int, bytes, bytes, str]:
        note = self.cache.parent / f"{self.cache.name}-note"
        env = {**os.environ, "XDG_CACHE_HOME": str(self.cache), "PROBE_NOTE": str(note)}
        result = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            cwd=self.root,
            capture_output=True,
            env=env,
            check=False,
        )
        assert b"Traceback" not in result.stderr, result.stderr.decode()
        return result.returncode, result.stdout, result.stderr, note.read_text()


def settle() -> None:
    """Wait until what was just written counts as long unchanged."""
    time.sleep(SETTLED_NS / 1e9 + 0.2)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kept") / "ws"
    make_workspace(root, 40)
    (root / "cases" / "2026" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    drafts = root / ".ssvssj" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "20261202-drft.yaml").write_text(
        "doc:\n  title: 草稿\npartial: {}\nstep: spot\ncase_sha256: null\n", encoding="utf-8"
    )
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    return root


def fresh(root: Path, tmp_path: Path, args: tuple[str, ...]) -> tuple[int, bytes, bytes]:
    cache = tmp_path / f"fresh-{time.monotonic_ns()}"
    code, out, err, made = Run(root, cache)(*args)
    assert made == "made"
    return code, out, err


def test_every_kept_answer_is_the_answer_of_a_fresh_run(workspace: Path, tmp_path: Path) -> None:
    run = Run(workspace, tmp_path / "cache")
    run("report", "all")  # the reports are written
    settle()
    for args in READ_ONLY:
        assert run(*args)[3] == "made"  # kept now: the files had settled when it started
        code, out, err, how = run(*args)
        assert how == "kept", args
        assert (code, out, err) == fresh(workspace, tmp_path, args), args


def test_a_changed_file_changes_the_answer_even_with_the_same_size_and_mtime(
    workspace: Path, tmp_path: Path
) -> None:
    run = Run(workspace, tmp_path / "cache")
    case = sorted((workspace / "cases").rglob("*.yaml"))[0]
    settle()
    for args in [("case", "list", "--json"), ("journey", "show"), ("check",)]:
        run(*args)
        assert run(*args)[3] == "kept"
    text = case.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    changed = text.replace(title, "title: " + "X" * len(title[len("title: ") :].encode()), 1)
    assert len(changed.encode()) == len(text.encode())
    info = case.stat()
    case.write_text(changed, encoding="utf-8")
    os.utime(case, ns=(info.st_atime_ns, info.st_mtime_ns))
    for args in [("case", "list", "--json"), ("journey", "show"), ("check",)]:
        code, out, err, how = run(*args)
        assert how == "made"
        assert (code, out, err) == fresh(workspace, tmp_path, args)
    assert b"XXXX" in run("case", "list", "--json")[1]


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "other key"])
def test_a_damaged_or_misplaced_answer_is_never_used(
    workspace: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "cache"
    run = Run(workspace, cache)
    settle()
    asks = [("check",), ("case", "list"), ("journey", "export", "-f", "mermaid")]
    for args in asks:
        run(*args)
    kept = sorted((cache / "ssvssj" / "answers").rglob("*"))
    kept = [path for path in kept if path.is_file()]
    assert len(kept) == len(asks)
    bodies = [path.read_bytes() for path in kept]
    for index, path in enumerate(kept):
        body = bodies[index]
        if damage == "flip":
            position = len(body) - 2
            body = body[:position] + bytes([body[position] ^ 1]) + body[position + 1 :]
        elif damage == "truncate":
            body = body[: len(body) // 2]
        elif damage == "garbage":
            body = b"\x00\xff" * 50
        elif damage == "empty":
            body = b""
        else:
            body = bodies[(index + 1) % len(bodies)]
        path.write_bytes(body)
    for args in asks:
        code, out, err, how = run(*args)
        assert how == "made"
        assert (code, out, err) == fresh(workspace, tmp_path, args)


def test_report_all_writes_again_a_report_removed_since(workspace: Path, tmp_path: Path) -> None:
    run = Run(workspace, tmp_path / "cache")
    run("report", "all")
    settle()
    run("report", "all")
    assert run("report", "all")[3] == "kept"
    index = workspace / "reports" / "index.md"
    original = index.read_bytes()
    index.unlink()
    code, _, err, how = run("report", "all")
    assert (code, how) == (0, "made")
    assert index.read_bytes() == original
    assert "写入 1 个".encode() in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--help"],
        ["check", "--format"],
        ["check", "--format", "--strict"],
        ["check", "--strict", "--strict"],
        ["check", "extra"],
        ["case", "list", "--tag", "a", "--", "x"],
        ["journey", "export", "-fjson"],
        ["journey", "export", "-f", "json", "-o", "x.json"],
        ["journey", "show", "--json=yes"],
        ["report", "case", "20261104"],
        ["report", "all", "-o", "elsewhere"],
        ["report"],
        ["case", "show", "20261104"],
        ["case", "new"],
        ["--version"],
        ["--workspace"],
        [],
    ],
)
def test_a_command_line_not_understood_exactly_goes_to_the_full_parser(argv: list[str]) -> None:
    assert asked(argv) is None


def test_spellings_of_the_same_question_are_one_question() -> None:
    one = asked(["journey", "export", "-f", "json", "--tag", "交付"])
    other = asked(["journey", "export", "--tag=交付", "--format=json"])
    assert one is not None and other is not None
    assert one.question == other.question
    assert asked(["-w", "a", "check"]) == asked(["--workspace=a", "check"])


def test_the_short_parser_knows_only_options_the_commands_have() -> None:
    """Every option the short parser reads exists on its command, with or without a value
    exactly as there, and the first argument of `report` takes the values it allows."""
    root = typer.main.get_command(app)

    def options_of(command: object) -> dict[str, bool]:
        found: dict[str, bool] = {}
        for param in getattr(command, "params", []):
            if getattr(param, "param_type_name", "") != "option":
                continue
            for name in [*param.opts, *param.secondary_opts]:
                found[name] = not param.is_flag
        return found

    for path, grammar in [((), GLOBAL), *COMMANDS.items()]:
        command = root
        for word in path:
            command = command.commands[word]  # type: ignore[attr-defined]
        own = options_of(command)
        for name in grammar.values:
            assert own.get(name) is True, (path, name)
        for name in grammar.flags:
            assert own.get(name) is False, (path, name)
        if grammar.kinds:
            assert path == ("report",)
            assert grammar.kinds <= {kind.value for kind in ReportKind}
