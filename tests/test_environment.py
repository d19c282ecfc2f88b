"""A hostile environment: folders and files in the wrong places, a read-only or full disk,
closed or narrow standard streams, two runs at once. Each is one clear message with exit 2, no
traceback, no file changed, and no temporary file left behind."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssvssj.cli import app
from ssvssj.store.drafts import draft_ids, load_draft

CASE = "cases/20261104-m2pq.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ssvssj" not in p.parts
    }


def temporary_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.tmp"))


def fails_clearly(root: Path, message: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--workspace", str(root), "--language", "en", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.output


def test_output_naming_a_folder(example: Path) -> None:
    folder = example.parent / "out"
    folder.mkdir()
    fails_clearly(
        example, f"{folder} is a folder, not a file", "report", "journey", "-o", str(folder)
    )
    assert list(folder.iterdir()) == []
    assert temporary_files(example.parent) == []


def test_output_through_a_file_where_a_folder_is_needed(example: Path) -> None:
    afile = example.parent / "afile"
    afile.write_text("mine\n", encoding="utf-8")
    fails_clearly(
        example,
        f"{afile}: a file stands where a folder is needed",
        "report",
        "all",
        "-o",
        str(afile),
    )
    fails_clearly(
        example,
        f"{afile}: a file stands where a folder is needed",
        "report",
        "journey",
        "-o",
        str(afile / "journey.md"),
    )
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_init_on_an_existing_file(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--language", "en", "init", str(afile)])
    assert result.exit_code == 2, result.output
    assert f"{afile} is a file, not a folder: a workspace is a folder" in result.output
    assert afile.read_text(encoding="utf-8") == "mine\n"


def test_a_private_folder_that_is_a_file(example: Path) -> None:
    (example / ".ssvssj").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(example)
    fails_clearly(
        example,
        f"{example / '.ssvssj'}: a file stands where a folder is needed",
        "case",
        "new",
        "--no-input",
        "--title",
        "x",
        "--touchpoint",
        "前台",
        "--problem",
        "等",
    )
    assert snapshot(example) == before
    checked = CliRunner().invoke(app, ["--workspace", str(example), "check"])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.EROFS, "not allowed to change"),
        (errno.EACCES, "not allowed to change"),
        (errno.ENOSPC, "the disk is full: cannot write"),
    ],
)
@pytest.mark.parametrize("where", ["mkstemp", "write", "fsync"])
def test_a_refusing_disk_changes_nothing_and_leaves_no_temporary_file(
    example: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str, where: str
) -> None:
    """A read-only folder refuses the temporary file; a full disk refuses its bytes or their
    sync. Either way the case stays as it was, and nothing is left beside it."""
    import tempfile

    real_fsync = os.fsync

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    elif where == "write":
        real_fdopen = os.fdopen

        def fdopen(handle: int, mode: str = "r", *args: object, **kwargs: object) -> object:
            if mode == "wb":
                return _Failing(handle, code)
            return real_fdopen(handle, mode, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:

        def fsync(descriptor: int) -> None:
            if os.path.isdir(f"/proc/self/fd/{descriptor}"):
                return real_fsync(descriptor)
            refuse()

        monkeypatch.setattr(os, "fsync", fsync)
    before = snapshot(example)
    output = fails_clearly(example, message, "case", "solve", "20261104", "s1", "--status", "done")
    assert CASE in output
    assert snapshot(example) == before
    assert temporary_files(example) == []


class _Failing:
    """A file whose writes fail as on a full disk."""

    def __init__(self, handle: int, code: int) -> None:
        self.handle, self.code = handle, code

    def __enter__(self) -> _Failing:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.handle)

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


def test_two_report_all_at_once_remove_stale_reports_without_error(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssvssj.store.ids as ids

    stale = example / "reports" / "cases" / "20200101-gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# gone\n", encoding="utf-8")
    real = ids.is_valid_id

    def the_other_run_removes_it_first(case_id: str) -> bool:
        if case_id == "20200101-gone":
            stale.unlink(missing_ok=True)
        return real(case_id)

    monkeypatch.setattr(ids, "is_valid_id", the_other_run_removes_it_first)
    result = CliRunner().invoke(app, ["--workspace", str(example), "report", "all"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert not stale.exists()


def ssvssj(root: Path, *args: str, **options: object) -> subprocess.Popen[bytes]:
    executable = shutil.which("ssvssj")
    assert executable, "ssvssj is not installed"
    env = {**os.environ, "SSVSSJ_TODAY": "2026-11-23", "LC_ALL": "en_US.UTF-8"}
    env.update(options.pop("env", {}))  # type: ignore[arg-type]
    return subprocess.Popen(
        [executable, "--workspace", str(root), "--language", "en", *args],
        stdout=options.pop("stdout", subprocess.PIPE),  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=env,
        **options,  # type: ignore[arg-type]
    )


def test_standard_output_closed_by_the_reader(example: Path) -> None:
    """`ssvssj case list | head -0`."""
    child = ssvssj(example, "case", "list")
    assert child.stdout is not None
    child.stdout.close()
    _, err = child.communicate(timeout=60)
    text = err.decode()
    assert child.returncode == 2, text
    assert text.count("standard output was closed before everything was written") == 1
    assert "Traceback" not in text and "Exception ignored" not in text


@pytest.mark.parametrize(
    "command",
    [
        ("case", "list"),
        ("journey", "export", "--format", "json"),
        ("journey", "export", "--format", "blueprint"),
        ("journey", "export", "--format", "svg"),
        ("report", "journey"),
    ],
)
def test_standard_output_closed_before_the_start(example: Path, command: tuple[str, ...]) -> None:
    """`ssvssj case list >&-`, and the commands that write their document as bytes."""
    child = ssvssj(example, *command, stdout=None, preexec_fn=lambda: os.close(1))
    _, err = child.communicate(timeout=60)
    text = err.decode()
    assert child.returncode == 2, text
    assert "standard output was closed before everything was written" in text
    assert "Traceback" not in text


def test_standard_output_closed_is_said_in_the_workspace_language(example: Path) -> None:
    """A zh workspace under an English locale: the workspace's language, as every message."""
    executable = shutil.which("ssvssj")
    assert executable, "ssvssj is not installed"
    env = {**os.environ, "SSVSSJ_TODAY": "2026-11-23", "LC_ALL": "en_US.UTF-8"}
    child = subprocess.Popen(
        [executable, "--workspace", str(example), "case", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None
    child.stdout.close()
    _, err = child.communicate(timeout=60)
    assert child.returncode == 2, err.decode()
    assert err.decode() == "错误：标准输出在写完之前被关闭了\n"


def test_an_output_encoding_without_chinese(example: Path) -> None:
    child = ssvssj(example, "case", "list", env={"PYTHONIOENCODING": "latin-1"})
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err.decode()
    assert "cannot show Chinese; it is written as \\u escapes" in err.decode()
    assert "\\u62a5\\u4ef7" in out.decode("latin-1")
    assert "Traceback" not in err.decode()


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_bytes_that_are_not_utf8_are_asked_again_and_the_draft_stays_readable(
    empty: Path, locale: str
) -> None:
    pexpect = pytest.importorskip("pexpect", reason="pexpect drives the real terminal")
    executable = shutil.which("ssvssj")
    assert executable
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "SSVSSJ_TODAY": "2026-11-23",
        "LC_ALL": locale,
        "LANG": locale,
    }
    child = pexpect.spawn(executable, ["case", "new"], cwd=str(empty), env=env, timeout=20)
    child.expect("痛点还是亮点".encode())
    child.sendline(b"")
    child.expect("标题 \\*: ".encode())
    child.sendline("预约".encode("gbk") + b"\xff")
    child.expect(b"UTF-8")
    child.expect("标题 \\*: ".encode())
    child.sendline("预约落空".encode())
    child.expect("触点 \\*: ".encode())
    child.sendline("前台".encode())
    child.expect("渠道: ".encode())
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus is not None
    [case_id] = draft_ids(empty)
    draft = load_draft(empty, case_id)
    assert draft is not None
    assert draft["doc"] == {"title": "预约落空", "spot": {"touchpoint": "前台"}}


def test_standard_error_closed_keeps_the_exit_code(example: Path) -> None:
    """`ssvssj case show nope 2>&-`: the message has nowhere to go, the exit code still tells."""
    executable = shutil.which("ssvssj")
    assert executable
    child = subprocess.run(
        [executable, "--workspace", str(example), "case", "show", "20990101"],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
        env={**os.environ, "SSVSSJ_TODAY": "2026-11-23"},
        timeout=60,
    )
    assert child.returncode == 2
    assert child.stdout == b""


@pytest.mark.parametrize(
    "command", [["report", "journey"], ["schema"], ["journey", "export", "-f", "mermaid"]]
)
def test_output_naming_a_fifo_is_written_into_never_replaced(
    example: Path, command: list[str]
) -> None:
    """`-o` naming a FIFO (as `>` would): the reader gets the bytes, the FIFO stays a FIFO."""
    import stat
    import threading

    fifo = example.parent / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(app, ["--workspace", str(example), *command, "-o", str(fifo)])
    if reader.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0]
    assert temporary_files(example.parent) == []


def test_output_naming_a_socket_is_refused_and_left_as_it_is(example: Path) -> None:
    import socket
    import stat

    path = example.parent / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        fails_clearly(example, "is not a regular file", "report", "journey", "-o", str(path))
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()
    assert temporary_files(example.parent) == []


def test_a_full_disk_behind_an_output_fifo_is_one_clear_message(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    fifo = example.parent / "pipe"
    os.mkfifo(fifo)
    reader = threading.Thread(target=fifo.read_bytes)
    reader.start()

    def full(descriptor: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    message = f"the disk is full: cannot write {fifo}"
    fails_clearly(example, message, "report", "journey", "-o", str(fifo))
    monkeypatch.undo()
    reader.join(timeout=60)
    assert fifo.exists()


@pytest.mark.parametrize("explicit", [False, True])
def test_a_settings_file_that_is_no_regular_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, explicit: bool
) -> None:
    """An ssvssj.yaml that is a FIFO is there: it is named in the person's language, never
    passed over as "no ssvssj.yaml", and never read (which would wait for ever)."""
    import stat

    inner = tmp_path / "work" / "inner"
    inner.mkdir(parents=True)
    os.mkfifo(tmp_path / "work" / "ssvssj.yaml")
    monkeypatch.chdir(inner)
    where = ["--workspace", str(tmp_path / "work")] if explicit else []
    result = CliRunner().invoke(app, [*where, "--language", "zh", "case", "list"])
    assert result.exit_code == 2, result.output
    named = "ssvssj.yaml 不是普通文件（而是文件夹、FIFO、套接字或设备）"
    assert named in result.output, result.output
    assert "Traceback" not in result.output
    assert stat.S_ISFIFO(os.lstat(tmp_path / "work" / "ssvssj.yaml").st_mode)
