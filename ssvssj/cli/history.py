"""The commands that read git: `journey diff`, `report progress`, `case log`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ssvssj.cli.common import workspace_root

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ssvssj.history.timeline import Version
    from ssvssj.journey.infer import Journey
    from ssvssj.journey.lean import AnyCase
    from ssvssj.store.git import Repository
    from ssvssj.store.workspace import Workspace

DiffFormat = StrEnum("DiffFormat", "text markdown")


@dataclass
class Side:
    """One side of a comparison: a revision's workspace, or the working tree's."""

    workspace: Workspace
    label: str
    day: str | None


def compare(ctx: typer.Context, since: str, until: str | None) -> tuple[Side, Side]:
    """The workspace at `since`, and at `until` (default: the working tree); problems in the
    files of a revision are warned about like the working tree's."""
    from ssvssj.cli.common import open_workspace
    from ssvssj.cli.output import warn_problems
    from ssvssj.i18n import set_language, tr
    from ssvssj.store.git import commit_dates, open_repository, resolve
    from ssvssj.store.revisions import BlobParser, snapshot, workspace_at

    root = workspace_root(ctx)
    repo = open_repository(root)
    first = resolve(repo, since)
    second = resolve(repo, until) if until is not None else None
    days = commit_dates(repo, [first] if second is None else [first, second])
    parser = BlobParser(repo)
    snaps = [snapshot(repo, commit) for commit in (first, second) if commit is not None]
    parser.fetch(sorted({item for snap in snaps for item in snap.files.items()}))
    sides = [
        Side(workspace_at(root, snap, parser), snap.commit[:7], days[snap.commit].isoformat())
        for snap in snaps
    ]
    for side in sides:
        warn_problems(side.workspace.problems)
    if second is None:
        sides.append(Side(open_workspace(ctx), tr("working tree", "工作目录"), None))
    elif not (ctx.find_root().obj or {}).get("language"):
        set_language(sides[1].workspace.language)
    return sides[0], sides[1]


def _journeys(old: Side, new: Side, language: str) -> tuple[Journey, Journey]:
    """Both journeys, emergent stages named in `language`."""
    from ssvssj.journey.infer import infer

    return (
        infer(
            old.workspace.cases,
            old.workspace.vocabulary,
            language=language,
            agreed=old.workspace.agreed,
            causes=old.workspace.causes,
        ),
        infer(
            new.workspace.cases,
            new.workspace.vocabulary,
            language=language,
            agreed=new.workspace.agreed,
            causes=new.workspace.causes,
        ),
    )


def journey_diff(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(metavar="REV", help="The revision to compare from.")],
    revision2: Annotated[
        str | None,
        typer.Argument(
            metavar="[REV2]", help="The revision to compare to (default: the working tree)."
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option("--format", "-f", help="text, or markdown for a pull-request comment."),
    ] = DiffFormat.text,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """How the journey changed between two git revisions: touchpoints, stages, pathways, blind
    spots, hot spots and recurring causes.

    Example: ssvssj journey diff main --format markdown > comment.md
    """
    from ssvssj.cli.output import emit_json, visible
    from ssvssj.history.diff import diff_journeys, diff_json
    from ssvssj.history.diff_text import diff_markdown, diff_text
    from ssvssj.i18n import language

    old, new = compare(ctx, revision, revision2)
    before, after = _journeys(old, new, language())
    diff = diff_journeys(before, after)
    if as_json:
        emit_json("journey-diff", diff_json(diff, old.label, new.label))
        return
    render = diff_markdown if fmt is DiffFormat.markdown else diff_text
    typer.echo(visible(render(diff, old.label, new.label, language())), nl=False)


def progress_report(
    ctx: typer.Context, since: str, until: str | None, lang: str | None, output: Path | None
) -> None:
    """`ssvssj report progress`: what moved between two revisions."""
    from ssvssj.history.diff import diff_journeys
    from ssvssj.history.progress import progress_context
    from ssvssj.history.progress import progress_report as render
    from ssvssj.i18n import pick

    old, new = compare(ctx, since, until)
    language = lang or new.workspace.language
    before, after = _journeys(old, new, language)
    if new.day is None:
        new.label = pick("working tree", "工作目录", language)
    context = progress_context(
        old.workspace.cases,
        new.workspace.cases,
        diff_journeys(before, after),
        {"label": old.label, "date": old.day},
        {"label": new.label, "date": new.day},
        language,
    )
    text = render(context, new.workspace.config.name, language, new.workspace.root / "templates")
    from ssvssj.cli.output import deliver

    deliver(text.encode("utf-8"), output)


def case_log(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="The case id or a unique prefix.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """A case's history in method terms: one line per commit that changed it. --json adds
    the loop's timing: first committed, reached Solve, solved, verified.

    Example: ssvssj case log 20261102-k3f9
    """
    from ssvssj.cli.output import emit_json, visible
    from ssvssj.errors import HistoryUnavailable
    from ssvssj.history.log_text import log_json, log_lines
    from ssvssj.history.timeline import case_log as build_log
    from ssvssj.history.timeline import marks_of, timing
    from ssvssj.i18n import language, tr
    from ssvssj.store.git import open_repository, shallow_boundary

    root = workspace_root(ctx)
    repo = open_repository(root)
    resolved, versions = case_versions(root, repo, case_id)
    if versions and versions[0].commit in shallow_boundary(repo):
        raise HistoryUnavailable(
            tr(
                "the history of {id} goes back past this shallow clone: commit {commit} is "
                "where the clone was cut, not where the case began",
                "{id} 的历史早于这个浅克隆：提交 {commit} 是克隆截断的地方，不是案例开始的地方",
                id=resolved,
                commit=versions[0].commit[:7],
            ),
            tr(
                "fetch the history first: `git fetch --unshallow`",
                "请先获取完整历史：`git fetch --unshallow`",
            ),
        )
    entries = build_log(versions)
    loop = timing(resolved, marks_of(versions))
    if as_json:
        emit_json("case-log", log_json(resolved, entries, loop))
        return
    if not entries:
        typer.echo(
            tr(
                "{id}: no commit has changed this case yet",
                "{id}：还没有哪次提交改动过这个案例",
                id=resolved,
            )
        )
        return
    for line in log_lines(entries, language()):
        typer.echo(visible(line))


def case_versions(root: Path, repo: Repository, prefix: str) -> tuple[str, list[Version]]:
    """The case an id prefix names (in the history, else in the working tree), and its version
    at every commit that changed it."""
    from ssvssj.errors import CaseNotFound
    from ssvssj.history.timeline import Version
    from ssvssj.store.git import case_pathspec, has_commits, log
    from ssvssj.store.ids import resolve
    from ssvssj.store.listing import case_files
    from ssvssj.store.revisions import BlobParser, case_id_of, versions_by_case
    from ssvssj.store.store import load_settings

    cleaned = prefix.strip()
    resolve(cleaned, [cleaned])  # the shape of an id, before it goes into a pathspec
    commits = log(repo, [case_pathspec(repo, cleaned)]) if has_commits(repo) else []
    try:
        resolved = resolve(
            cleaned, {case_id_of(c.path) for commit in commits for c in commit.changes}
        )
    except CaseNotFound:
        files, _ = case_files(root)
        resolved = resolve(cleaned, {case_id_of(f.rel) for f in files})
    _, vocab, _ = load_settings(root)
    found = versions_by_case(commits, BlobParser(repo), vocab, resolved).get(resolved, [])
    return resolved, [
        Version(commit.oid, commit.day, commit.author, commit.subject, case, removed, path)
        for commit, case, removed, path in found
    ]


def timed_history(root: Path) -> str | None:
    """The commit the loop's timing is read up to (HEAD), or None where there is no timing:
    outside git, before the first commit, or in a shallow clone."""
    from ssvssj.errors import HistoryUnavailable
    from ssvssj.store.git import has_commits, open_repository, resolve

    try:
        repo = open_repository(root)
    except HistoryUnavailable:
        return None
    if repo.shallow or not has_commits(repo):
        return None
    return resolve(repo, "HEAD")


def loop_timing(
    workspace: Workspace, head: str, cases: Sequence[AnyCase] | None = None
) -> dict[str, Any] | None:
    """The loop's timing for the portfolio, from the history of `head` (see `timed_history`),
    over `cases` (default: the workspace's).

    What each version of a case file says for the clock is kept in the workspace index, so a
    new commit costs only the files it brings."""
    from ssvssj.history.timeline import Mark, facts_of, loop_summary, timing
    from ssvssj.store.git import cases_pathspec, commit_dates, log, open_repository
    from ssvssj.store.listing import read_file
    from ssvssj.store.loopfacts import facts_key, keep_facts, recall_facts
    from ssvssj.store.paths import VOCABULARY_FILE
    from ssvssj.store.revisions import BlobParser, changes_by_case

    root = workspace.root
    repo = open_repository(root)
    by_case = changes_by_case(log(repo, [cases_pathspec(repo)], revisions=(head,)))
    files = {f"{c.path}:{c.blob}": c for found in by_case.values() for _, c in found if c}
    key = facts_key(read_file(root / VOCABULARY_FILE, VOCABULARY_FILE)[0])
    known = recall_facts(root, key)
    missing = [name for name in files if name not in known]
    if missing:
        parser = BlobParser(repo)
        parser.fetch([(files[name].path, files[name].blob) for name in missing])
        for name in missing:
            change = files[name]
            case = parser.case(change.path, change.blob, workspace.vocabulary, "given")[0]
            known[name] = facts_of(case)
        keep_facts(root, key, {name: known[name] for name in files})
    timings = {
        case_id: timing(
            case_id,
            [
                Mark(commit.day, known[f"{c.path}:{c.blob}"] if c else None, c is None)
                for commit, c in found
            ],
        )
        for case_id, found in by_case.items()
    }
    every = workspace.cases if cases is None else cases
    return loop_summary(timings, every, commit_dates(repo, [head])[head])
