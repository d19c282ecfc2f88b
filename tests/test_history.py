"""The journey over time, from real git repositories with set dates and authors: `journey diff`,
`report progress`, `case log`, and the loop's timing in the portfolio."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.gitrepo import GIT_ENV, case, commit, git, init_repo, write_case
from tests.golden import assert_golden
from tests.validators import markdownlint


@pytest.fixture(autouse=True)
def _no_git_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def _first_visit() -> list[dict[str, Any]]:
    return [
        case(
            "20261101-aaaa",
            "预约到店无人接待",
            "前台",
            ["官网", "预约试驾", "前台"],
            4,
            [{"id": "d1", "detail": "预约不同步", "cause": "预约数据不同步"}],
            [
                {
                    "id": "s1",
                    "action": "开店前推送预约",
                    "addresses": ["d1"],
                    "owner": "门店运营部",
                    "status": "proposed",
                }
            ],
        ),
        case(
            "20261101-bbbb",
            "展厅没有人讲解",
            "展厅",
            ["前台", "展厅"],
            3,
            [{"id": "d1", "detail": "讲解排班不足"}],
            [
                {
                    "id": "s1",
                    "action": "高峰加排讲解",
                    "addresses": ["d1"],
                    "owner": "销售部",
                    "status": "doing",
                }
            ],
        ),
        case("20261101-eeee", "试驾车不够", "试驾"),
    ]


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """A client repository whose workspace lives in a sub-folder, three commits on three days by
    two consultants, and one case not committed yet."""
    top = tmp_path / "repo"
    top.mkdir()
    init_repo(top)
    (top / "README.txt").write_text("not part of the workspace\n", encoding="utf-8")
    workspace = top / "client"
    Cli(tmp_path)("init", str(workspace), "--name", "测试", "--language", "zh")
    first, second, unchanged = _first_visit()
    for item in (first, second, unchanged):
        write_case(workspace, item)
    commit(top, "Three cases from the first visit", "2026-11-01")
    first["solve"][0]["status"] = "doing"
    write_case(workspace, first)
    third = case(
        "20261105-cccc",
        "试驾预约没同步",
        "试驾",
        ["预约试驾", "前台", "试驾"],
        5,
        [{"id": "d1", "detail": "预约不同步", "cause": "预约没同步"}],
    )
    write_case(workspace, third, "cases/2026-11")
    (workspace / "causes.yaml").write_text(
        "causes:\n  预约数据不同步:\n    aliases: [预约没同步]\n", encoding="utf-8"
    )
    commit(top, "Second visit", "2026-11-05", author="李雷")
    first["solve"][0].update(status="verified", result="等待降到 2 分钟")
    first["solve"][0]["measure"] = {"name": "平均等待", "unit": "分钟", "before": 15, "after": 2}
    write_case(workspace, first)
    second["dropped"] = "门店改造，展厅暂停"
    write_case(workspace, second)
    commit(top, "Verified and dropped", "2026-11-12")
    write_case(workspace, case("20261120-dddd", "交车时间一改再改", "交车", ["试驾", "交车"], 2))
    return workspace


def short(root: Path, revision: str) -> str:
    return git(root, "rev-parse", "--short=7", revision).strip()


def test_journey_diff_between_two_revisions_speaks_in_method_terms(history: Path) -> None:
    before, after = short(history, "HEAD~2"), short(history, "HEAD")
    out = Cli(history)("journey", "diff", "HEAD~2", "HEAD").stdout
    assert out == (
        f"客户旅程从 {before} 到 {after}：3 → 4 个案例\n"
        "\n改名的阶段：\n  未命名阶段（试驾—展厅） → 未命名阶段（官网—展厅）\n"
        "\n新出现的通路：\n  前台 → 试驾（1 次）\n"
        "\n次数变化的通路：\n  预约试驾 → 前台：1 → 2 次\n"
        "\n升温的热点：\n  试驾：1 → 2 个案例，严重程度 未评 → 5.0\n"
        "\n再次出现在更多案例中的根因：\n  预约数据不同步（前台、试驾；1 → 2 个案例）\n"
    )


def test_journey_diff_to_the_working_tree_in_english(history: Path) -> None:
    before = short(history, "HEAD")
    out = Cli(history)("--language", "en", "journey", "diff", "HEAD").stdout
    assert out == (
        f"Journey from {before} to working tree: 4 → 5 cases\n"
        "\nTouchpoints added:\n  交车\n"
        "\nStages added:\n  unnamed stage (试驾—交车)\n"
        "\nTouchpoints that changed stage:\n"
        "  试驾: unnamed stage (官网—展厅) → unnamed stage (试驾—交车)\n"
        "\nPathways new:\n  试驾 → 交车 (1×)\n"
        "\nHot spots up:\n  交车: 0 → 1 cases, severity — → 2.0\n"
    )


def test_journey_diff_of_a_revision_with_itself_says_nothing_changed(history: Path) -> None:
    out = Cli(history)("--language", "en", "journey", "diff", "HEAD", "HEAD").stdout
    assert out.endswith(": 4 → 4 cases\nThe journey did not change.\n")


def test_journey_diff_json(history: Path) -> None:
    data = json.loads(Cli(history)("journey", "diff", "HEAD~2", "HEAD", "--json").stdout)
    assert data["kind"] == "journey-diff"
    assert data["before"] == short(history, "HEAD~2")
    assert data["cases"] == [3, 4]
    assert data["touchpoints"] == {"added": [], "removed": []}
    assert data["stages"] == {
        "added": [],
        "removed": [],
        "renamed": [{"before": "未命名阶段（试驾—展厅）", "after": "未命名阶段（官网—展厅）"}],
        "moves": [],
    }
    assert data["pathways"] == {
        "new": [{"from": "前台", "to": "试驾", "before": 0, "after": 1}],
        "gone": [],
        "changed": [{"from": "预约试驾", "to": "前台", "before": 1, "after": 2}],
    }
    assert data["blind_spots"] == {"closed": [], "opened": []}
    assert data["hot_spots"] == {
        "up": [
            {"touchpoint": "试驾", "cases": [1, 2], "severity": [None, 5.0], "heat": [0.0, 5.0]}
        ],
        "down": [],
    }
    assert data["causes"] == {
        "new": [],
        "recurring": [
            {"cause": "预约数据不同步", "touchpoints": ["前台", "试驾"], "cases": [1, 2]}
        ],
    }


def test_journey_diff_as_a_pull_request_comment(history: Path, tmp_path: Path) -> None:
    out = Cli(history)("journey", "diff", "HEAD~2", "HEAD", "--format", "markdown").stdout
    revisions = {short(history, "HEAD~2"): "BEFORE", short(history, "HEAD"): "AFTER"}
    for commit_id, name in revisions.items():
        out = out.replace(commit_id, name)
    assert_golden("history/diff.zh.md", out.encode("utf-8"))
    comment = tmp_path / "comment.md"
    comment.write_text(out, encoding="utf-8")
    linted = markdownlint(comment)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_blind_spots_closed_and_opened_and_touchpoints_removed(history: Path) -> None:
    top = history.parent
    (history / "cases" / "20261101-eeee.yaml").unlink()
    write_case(history, case("20261121-ffff", "官网看不到库存", "官网", ["官网", "预约试驾"], 3))
    commit(top, "A spot on the website; the test-drive case goes", "2026-11-21")
    data = json.loads(Cli(history)("journey", "diff", "HEAD~1", "HEAD", "--json").stdout)
    assert data["blind_spots"] == {"closed": ["官网"], "opened": []}
    assert data["touchpoints"] == {"added": ["交车"], "removed": []}
    assert data["hot_spots"]["up"][0]["touchpoint"] == "官网"


def test_progress_report_is_the_same_bytes_for_the_same_revisions(
    history: Path, tmp_path: Path
) -> None:
    cli = Cli(history)
    full = git(history, "rev-parse", "HEAD~2").strip()
    by_name = cli("report", "progress", "--since", "HEAD~2", "--until", "HEAD").stdout
    by_id = cli("report", "progress", "--since", full, "--until", "main").stdout
    assert by_name == by_id
    target = tmp_path / "progress.md"
    cli("report", "progress", "--since", "HEAD~2", "--until", "HEAD", "-o", str(target))
    assert target.read_text(encoding="utf-8") == by_name


@pytest.mark.parametrize("language", ["zh", "en"])
def test_progress_report_matches_its_golden_file(
    history: Path, tmp_path: Path, language: str
) -> None:
    target = tmp_path / f"progress.{language}.md"
    Cli(history)(
        "report",
        "progress",
        "--since",
        "HEAD~2",
        "--until",
        "HEAD",
        "--lang",
        language,
        "-o",
        str(target),
    )
    text = target.read_text(encoding="utf-8")
    text = text.replace(short(history, "HEAD~2"), "BEFORE").replace(short(history, "HEAD"), "AFTER")
    assert_golden(f"history/progress.{language}.md", text.encode("utf-8"))
    linted = markdownlint(target)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_progress_to_the_working_tree_lists_the_uncommitted_case(history: Path) -> None:
    out = Cli(history)("report", "progress", "--since", "HEAD", "--lang", "en").stdout
    assert "until working tree · 4 → 5 cases" in out
    assert "| [20261120-dddd](cases/20261120-dddd.md) | 交车时间一改再改 | Split | open |" in out


def test_case_log_one_line_per_commit_in_method_terms(history: Path) -> None:
    out = Cli(history)("case", "log", "20261101-a").stdout
    ids = [short(history, rev) for rev in ("HEAD~2", "HEAD~1", "HEAD")]
    assert out.splitlines() == [
        f"2026-11-01  {ids[0]}  王敏  新建，停在第 5 步（制定方案），未解决",
        f"2026-11-05  {ids[1]}  李雷  方案 s1：待推进 → 进行中",
        f"2026-11-12  {ids[2]}  王敏  "
        "方案 s1：进行中 → 已验证；方案 s1：记录了验证结果；方案 s1：平均等待 15 → 2 分钟；"
        "案例已验证",
    ]
    english = Cli(history)("--language", "en", "case", "log", "20261101-bbbb").stdout
    assert english.splitlines() == [
        f"2026-11-01  {ids[0]}  王敏  created at step 5 (Solve), open",
        f"2026-11-12  {ids[2]}  王敏  dropped: 门店改造，展厅暂停",
    ]


def test_case_log_follows_a_case_into_a_sub_folder_and_out_of_the_workspace(
    history: Path,
) -> None:
    top = history.parent
    git(top, "mv", "client/cases/20261101-eeee.yaml", "client/cases/2026-11/20261101-eeee.yaml")
    commit(top, "File the case by month", "2026-11-13")
    git(top, "rm", "-q", "client/cases/2026-11/20261101-eeee.yaml")
    commit(top, "Remove a case", "2026-11-14", author="李雷")
    out = Cli(history)("--language", "en", "case", "log", "20261101-eeee").stdout
    lines = [line.split("  ", 3) for line in out.splitlines()]
    assert [(day, who, what) for day, _, who, what in lines] == [
        ("2026-11-01", "王敏", "created at step 2 (Scene), open"),
        ("2026-11-13", "王敏", "moved to cases/2026-11/20261101-eeee.yaml"),
        ("2026-11-14", "李雷", "file removed"),
    ]


def test_case_log_tells_a_move_from_an_edit(history: Path) -> None:
    """A move says where to, and is no edit; a move that also changed the case says both."""
    top = history.parent
    for folder in ("x", "y"):
        (history / "cases" / folder).mkdir()
    git(top, "mv", "client/cases/20261101-bbbb.yaml", "client/cases/x/20261101-bbbb.yaml")
    commit(top, "File under x", "2026-11-13")
    moved = history / "cases/x/20261101-bbbb.yaml"
    moved.write_text(moved.read_text(encoding="utf-8") + "tags: [展厅]\n", encoding="utf-8")
    git(top, "mv", "client/cases/x/20261101-bbbb.yaml", "client/cases/y/20261101-bbbb.yaml")
    commit(top, "Tag and refile", "2026-11-14", author="李雷")
    out = Cli(history)("case", "log", "20261101-bbbb").stdout
    assert [line.split("  ", 3)[3] for line in out.splitlines()[-2:]] == [
        "移动到 cases/x/20261101-bbbb.yaml",
        "移动到 cases/y/20261101-bbbb.yaml；修改了文字（方法上无变化）",
    ]
    data = json.loads(Cli(history)("case", "log", "20261101-bbbb", "--json").stdout)
    assert data["commits"][-2]["changes"] == [
        {
            "kind": "moved",
            "before": "cases/20261101-bbbb.yaml",
            "after": "cases/x/20261101-bbbb.yaml",
        }
    ]


def test_case_log_json_and_a_case_never_committed(history: Path) -> None:
    data = json.loads(Cli(history)("case", "log", "20261105", "--json").stdout)
    assert data["kind"] == "case-log"
    assert data["id"] == "20261105-cccc"
    assert data["timing"] == {
        "first_committed": "2026-11-05",
        "reached_solve": "2026-11-05",
        "solved": None,
        "verified": None,
    }
    closed = json.loads(Cli(history)("case", "log", "20261101-aaaa", "--json").stdout)
    assert closed["timing"] == {
        "first_committed": "2026-11-01",
        "reached_solve": "2026-11-01",
        "solved": "2026-11-12",
        "verified": "2026-11-12",
    }
    assert [c["date"] for c in data["commits"]] == ["2026-11-05"]
    assert data["commits"][0]["author"] == "李雷"
    assert data["commits"][0]["subject"] == "Second visit"
    assert data["commits"][0]["changes"] == [
        {"kind": "created", "step": "solve", "state": "open", "title": "试驾预约没同步"}
    ]
    out = Cli(history)("--language", "en", "case", "log", "20261120").stdout
    assert out == "20261120-dddd: no commit has changed this case yet\n"
    Cli(history)("case", "log", "20269999", code=2)


def test_the_portfolio_shows_the_loops_clock_from_commit_dates(history: Path) -> None:
    top = history.parent
    commit(top, "The delivery case", "2026-11-20")
    out = Cli(history)("report", "portfolio", "--lang", "en").stdout
    section = out.split("## The loop's clock\n\n", 1)[1].split("\n## ", 1)[0]
    assert section == (
        "Counted from the day each case was first recorded, up to 2026-11-20:\n\n"
        "- Spot to verified: a median of 11 days (1 verified cases)\n"
        "- Spot to solved: a median of 11 days (1 solved cases)\n\n"
        "Open cases waiting longest (3 of 3):\n\n"
        "| Case | Title | Next step | First recorded | Solutions started | Days waiting |\n"
        "| --- | --- | --- | --- | --- | ---: |\n"
        "| [20261101-eeee](cases/20261101-eeee.md) | 试驾车不够 | Scene | 2026-11-01 | — | 19 |\n"
        "| [20261105-cccc](cases/20261105-cccc.md) | 试驾预约没同步 | Solve | 2026-11-05 "
        "| 2026-11-05 | 15 |\n"
        "| [20261120-dddd](cases/20261120-dddd.md) | 交车时间一改再改 | Split | 2026-11-20 "
        "| — | 0 |\n"
    )
    without = Cli(history)("report", "portfolio", "--lang", "en", "--no-history").stdout
    assert "## The loop's clock" not in without


def test_a_segments_portfolio_times_the_loop_over_every_case(history: Path) -> None:
    commit(history.parent, "The delivery case", "2026-11-20")
    cli = Cli(history)

    def clock(*options: str) -> str:
        out = cli("report", "portfolio", "--lang", "en", *options).stdout
        return out.split("## The loop's clock\n\n", 1)[1].split("\n## ", 1)[0]

    every = clock()
    assert "(3 of 3)" in every
    assert clock("--customer", "家庭") == every
    cli("report", "all", "--customer", "家庭", "--lang", "en")
    written = (history / "reports" / "portfolio.md").read_text(encoding="utf-8")
    assert every in written


def test_the_portfolio_outside_git_has_no_clock(cli_example: Cli) -> None:
    assert "## The loop's clock" not in cli_example("report", "portfolio", "--lang", "en").stdout


def test_outside_git_a_missing_revision_and_a_shallow_clone_are_clear_errors(
    history: Path, tmp_path: Path, cli_example: Cli
) -> None:
    outside = cli_example("--language", "en", "journey", "diff", "HEAD", code=2)
    assert "is not inside a git repository" in outside.stderr
    missing = Cli(history)("--language", "en", "report", "progress", "--since", "v9", code=2)
    assert "no revision 'v9' in the repository" in missing.stderr
    assert "Traceback" not in missing.output
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{history.parent}", str(shallow))
    for asked in (("case", "log", "20261101-aaaa"), ("case", "log", "20261101-a", "--json")):
        cut = Cli(shallow / "client")("--language", "en", *asked, code=2)
        assert "goes back past this shallow clone" in cut.stderr
        assert "git fetch --unshallow" in cut.stderr
        assert cut.stdout == ""
    zh = Cli(shallow / "client")("case", "log", "20261101-aaaa", code=2)
    assert "的历史早于这个浅克隆" in zh.stderr
    refused = Cli(shallow / "client")("--language", "en", "journey", "diff", "HEAD~2", code=2)
    assert "is not in this shallow clone" in refused.stderr
    assert "git fetch --unshallow" in refused.stderr


def test_a_case_begun_after_a_shallow_clone_was_cut_has_its_whole_history(
    history: Path, tmp_path: Path
) -> None:
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{history.parent}", str(shallow))
    workspace = shallow / "client"
    write_case(workspace, case("20261120-dddd", "交车时间一改再改", "交车", ["试驾", "交车"], 2))
    commit(shallow, "The delivery case", "2026-11-20", author="李雷")
    out = Cli(workspace)("--language", "en", "case", "log", "20261120-dddd").stdout
    assert out.splitlines() == [
        f"2026-11-20  {short(shallow, 'HEAD')}  李雷  created at step 4 (Split), open"
    ]
    cut = Cli(workspace)("--language", "en", "case", "log", "20261105-cccc", code=2)
    assert f"commit {short(shallow, 'HEAD~2')} is where the clone was cut" in cut.stderr


def test_history_is_read_by_a_fixed_number_of_git_processes(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not one process per file and revision: ten times the cases, the same processes."""
    import ssvssj.store.git as git_module

    calls: list[str] = []
    real = git_module._git

    def counting(repo_dir: Path, *args: str, stdin: bytes | None = None) -> Any:
        calls.append(args[0])
        return real(repo_dir, *args, stdin=stdin)

    monkeypatch.setattr(git_module, "_git", counting)

    def processes() -> list[str]:
        calls.clear()
        Cli(history)("journey", "diff", "HEAD~1", "HEAD")
        Cli(history)("case", "log", "20261101-aaaa")
        Cli(history)("report", "portfolio")
        return sorted(calls)

    few = processes()
    for number in range(40):
        write_case(history, case(f"20261102-{number:04d}", f"案例 {number}", "前台", severity=2))
    commit(history.parent, "Forty cases", "2026-11-22")
    for number in range(40):
        write_case(history, case(f"20261102-{number:04d}", f"案例 {number}", "展厅", severity=3))
    commit(history.parent, "Forty cases move", "2026-11-23")
    assert processes() == few
    assert few.count("cat-file") == 6  # the sizes, then the bytes


def _version(day: str, data: dict[str, Any] | None, removed: bool = False) -> Any:
    from datetime import date

    from ssvssj.history.timeline import Version
    from ssvssj.method.models import Case

    loaded = Case.model_validate(data) if data is not None else None
    return Version("0" * 40, date.fromisoformat(day), "王敏", "", loaded, removed)


def test_the_loop_closes_at_the_commit_since_which_a_case_stayed_verified() -> None:
    from ssvssj.history.timeline import marks_of, timing

    item = case("20261101-aaaa", "预约", "前台", ["前台"], 3, [{"id": "d1", "detail": "x"}])

    def at(status: str) -> dict[str, Any]:
        return {**item, "solve": [{"id": "s1", "action": "a", "status": status}]}

    versions = [
        _version("2026-11-01", case("20261101-aaaa", "预约", "前台")),
        _version("2026-11-03", at("doing")),
        _version("2026-11-05", at("verified")),
        _version("2026-11-07", at("doing")),
        _version("2026-11-09", at("done")),
        _version("2026-11-12", at("verified")),
    ]
    found = timing("20261101-aaaa", marks_of(versions))
    assert (found.first_committed.isoformat(), found.reached_solve.isoformat()) == (
        "2026-11-01",
        "2026-11-03",
    )
    assert (found.solved.isoformat(), found.verified.isoformat()) == ("2026-11-09", "2026-11-12")
    reopened = timing("20261101-aaaa", marks_of(versions[:4]))
    assert (reopened.solved, reopened.verified) == (None, None)
    gone = timing(
        "20261101-aaaa", marks_of([*versions, _version("2026-11-20", None, removed=True)])
    )
    assert gone.verified is None


def test_a_case_invalid_in_one_commit_keeps_its_history() -> None:
    from ssvssj.history.timeline import case_log

    first = case("20261101-aaaa", "预约", "前台", severity=2)
    later = {**first, "spot": {**first["spot"], "severity": 4}}
    entries = case_log(
        [
            _version("2026-11-01", first),
            _version("2026-11-02", None),
            _version("2026-11-03", later),
        ]
    )
    assert [[c.kind for c in e.changes] for e in entries] == [
        ["created"],
        ["invalid"],
        ["severity"],
    ]
    assert entries[2].changes[0].values == {"before": 2, "after": 4}


def test_a_kept_portfolio_follows_a_new_commit_that_changed_no_file(history: Path) -> None:
    """Reports are kept while their inputs are the same; the commit the clock reads is one."""
    top = history.parent
    commit(top, "The delivery case", "2026-11-20")
    cli = Cli(history)
    first = cli("report", "portfolio", "--lang", "en").stdout
    assert first == cli("report", "portfolio", "--lang", "en").stdout
    assert "up to 2026-11-20:" in first
    commit(top, "A note for the team", "2026-11-25")
    later = cli("report", "portfolio", "--lang", "en").stdout
    assert "up to 2026-11-25:" in later
    assert (
        "| [20261101-eeee](cases/20261101-eeee.md) | 试驾车不够 | Scene | 2026-11-01 | — | 24 |"
        in later
    )
    cli("report", "all", "--lang", "en")
    written = (history / "reports" / "portfolio.md").read_text(encoding="utf-8")
    assert "up to 2026-11-25:" in written
    commit(top, "Reports", "2026-11-26")
    cli("report", "all", "--lang", "en")
    assert "up to 2026-11-26:" in (history / "reports" / "portfolio.md").read_text(encoding="utf-8")


def test_a_revision_before_the_workspace_existed_is_an_empty_journey(tmp_path: Path) -> None:
    top = tmp_path / "client"
    top.mkdir()
    init_repo(top)
    (top / "notes.txt").write_text("kick-off\n", encoding="utf-8")
    commit(top, "Kick-off notes", "2026-10-30")
    Cli(tmp_path)("init", str(top), "--name", "测试", "--language", "en")
    for item in _first_visit():
        write_case(top, item)
    commit(top, "First visit", "2026-11-01")
    data = json.loads(Cli(top)("journey", "diff", "HEAD~1", "HEAD", "--json").stdout)
    assert data["cases"] == [0, 3]
    assert sorted(data["touchpoints"]["added"]) == sorted(
        ["官网", "预约试驾", "前台", "展厅", "试驾"]
    )
    assert sorted(data["blind_spots"]["opened"]) == ["官网", "预约试驾"]
    progress = Cli(top)("report", "progress", "--since", "HEAD~1").stdout
    assert "· 0 → 3 cases" in progress
    assert progress.count("| [20261101-") == 3 + 2  # added, and their two solutions moved


def test_after_a_new_commit_the_clock_reads_only_the_new_files(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssvssj.store.revisions as revisions

    asked: list[int] = []
    real = revisions.read_blobs

    def counting(repo: Any, blobs: Any) -> dict[str, bytes]:
        wanted = list(blobs)
        asked.append(len(wanted))
        return real(repo, wanted)

    monkeypatch.setattr(revisions, "read_blobs", counting)
    cli = Cli(history)
    first = cli("report", "portfolio", "--lang", "en").stdout
    assert asked == [7]  # every version of every case file in the three commits
    found = case("20261120-dddd", "交车时间一改再改", "交车", ["试驾", "交车"], 2)
    found["split"] = [{"id": "d1", "detail": "排期不准"}]
    write_case(history, found)
    commit(history.parent, "The delivery case", "2026-11-20")
    asked.clear()
    later = cli("report", "portfolio", "--lang", "en").stdout
    assert asked == [1]
    assert later != first
    assert "| 交车时间一改再改 | Solve | 2026-11-20 | 2026-11-20 | 0 |" in later


def test_a_terminal_escape_in_an_author_name_reaches_the_terminal_as_text(history: Path) -> None:
    write_case(history, case("20261101-eeee", "试驾车不够", "试驾", dropped="没有试驾车"))
    commit(history.parent, "Dropped", "2026-11-21", author="王\x1b[2J敏")
    log = Cli(history)("case", "log", "20261101-eeee").stdout
    assert "\x1b" not in log
    assert log.splitlines()[-1].split("  ")[2] == "王\\x1b[2J敏"


def test_a_workspace_committed_already_solved_shows_no_loop_time(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cases first recorded already solved closed no loop in the record: no median of 0 days."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    init_repo(example)
    commit(example, "all cases", "2026-11-24")
    out = Cli(example)("report", "portfolio").stdout
    assert "从每个案例首次记录之日算起，截至 2026-11-24：" in out
    assert "- 从发现问题到已验证：还没有案例在记录之后从未解决走到已验证" in out
    assert "中位数" not in out and "最新一次提交" not in out


def test_an_oversized_blob_in_history_is_a_problem_and_never_read(
    history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the size limit in a commit is told like one in the working tree, and its
    bytes never leave git: a hostile repository may hold a blob of any size."""
    import subprocess

    import ssvssj.store.git as git_module
    from ssvssj.confine import MAX_FILE_BYTES
    from ssvssj.store.revisions import BlobParser, snapshot, workspace_at

    top = history.parent
    huge = (
        subprocess.run(
            ["git", "hash-object", "-w", "--stdin"],
            cwd=top,
            input=b"a" * (MAX_FILE_BYTES + 1),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    for blob, name in ((huge, "20261103-zzzz"), (huge, "config")):
        where = f"client/cases/{name}.yaml" if name != "config" else "client/ssvssj.yaml"
        git(top, "update-index", "--add", "--cacheinfo", f"100644,{blob},{where}")
    git(top, "commit", "-q", "-m", "Oversized", GIT_AUTHOR_NAME="x", GIT_AUTHOR_EMAIL="x@x")
    git(top, "rm", "-q", "--cached", "client/cases/20261103-zzzz.yaml")
    git(top, "commit", "-q", "-m", "Removed", GIT_AUTHOR_NAME="x", GIT_AUTHOR_EMAIL="x@x")

    read: list[bytes] = []
    real = git_module._git

    def recording(repo_dir: Path, *args: str, stdin: bytes | None = None) -> Any:
        if args[:2] == ("cat-file", "--batch"):
            read.append(stdin or b"")
        return real(repo_dir, *args, stdin=stdin)

    monkeypatch.setattr(git_module, "_git", recording)
    diff = Cli(history)("--language", "en", "journey", "diff", "HEAD~2", "HEAD~1")
    assert "The journey did not change." in diff.stdout
    log = Cli(history)("--language", "en", "case", "log", "20261103-zzzz").stdout
    assert log.splitlines()[0].endswith("x  not valid in this commit")
    progress = Cli(history)(
        "report", "progress", "--lang", "en", "--since", "HEAD~2", "--until", "HEAD~1"
    )
    assert "· 4 → 4 cases" in progress.stdout
    assert read and all(huge.encode() not in sent for sent in read)

    repo = git_module.open_repository(history)
    workspace = workspace_at(history, snapshot(repo, "HEAD~1"), BlobParser(repo))
    too_large = "文件太大（2.0 MiB，上限为 2 MiB）"
    assert sorted((p.file, p.message) for p in workspace.problems) == [
        ("cases/20261103-zzzz.yaml", too_large),
        ("ssvssj.yaml", too_large),
    ]
    assert workspace.config.name == "client"


def test_a_subject_holding_separator_bytes_is_read_whole(history: Path) -> None:
    """The log is framed by NULs, which no subject or name can hold; the subject is JSON text."""
    write_case(history, case("20261101-eeee", "试驾车不够", "试驾", dropped="没有试驾车"))
    commit(history.parent, "fix\x1enotes\x1fmore", "2026-11-21", author="王\x1e敏")
    log = Cli(history)("--language", "en", "case", "log", "20261101-eeee").stdout
    assert log.splitlines()[-1].endswith("dropped: 没有试驾车")
    data = json.loads(Cli(history)("case", "log", "20261101-eeee", "--json").stdout)
    assert [c["subject"] for c in data["commits"]] == [
        "Three cases from the first visit",
        "fix\x1enotes\x1fmore",
    ]


def test_progress_in_chinese_joins_the_revision_and_the_working_tree_without_stray_spaces(
    history: Path,
) -> None:
    out = Cli(history)("report", "progress", "--since", "HEAD", "--lang", "zh").stdout
    assert f"> 从 {short(history, 'HEAD')}（2026-11-12）到工作目录 · 4 → 5 个案例" in out
    assert "## 有变化的方案" in out
