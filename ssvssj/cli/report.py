"""`ssvssj report …`: Markdown reports for the client team."""

import json
import os
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from ssvssj.cli.journey import Customer, Strict, outline_question
from ssvssj.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ssvssj.journey.infer import Journey
    from ssvssj.journey.lean import AnyCase, LeanCase
    from ssvssj.journey.vocabulary import Vocabulary
    from ssvssj.method.models import Case
    from ssvssj.method.problems import Problem
    from ssvssj.reports.places import Outline, Place
    from ssvssj.reports.sets import Reports
    from ssvssj.store.journeys import WorkspaceJourney
    from ssvssj.store.scan import Progress
    from ssvssj.store.workspace import Workspace
    from ssvssj.store.written import Report as WrittenReport
    from ssvssj.store.written import Written

# Spelled out for the type checker; a test holds them equal to the reports and languages.
ReportKind = StrEnum("ReportKind", "case portfolio journey index all progress")
ReportLanguage = StrEnum("ReportLanguage", "zh en")

REPORTS_DIR = "reports"
# What `report all` wrote, by name and digest: only a file it lists, still as written, is ever
# removed, so a page a person wrote (or changed) among the case reports is never lost.
GENERATED_FILE = ".ssvssj-reports.json"


def report(
    ctx: typer.Context,
    kind: Annotated[
        ReportKind, typer.Argument(help="case, portfolio, journey, index, all, or progress (git).")
    ],
    case_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The case, for `report case`.")
    ] = None,
    lang: Annotated[
        ReportLanguage | None,
        typer.Option("--lang", help="Report language (default: the workspace's)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="A file; for `all`, a folder (default: reports/)."),
    ] = None,
    strict: Strict = False,
    since: Annotated[
        str | None,
        typer.Option(help="For `report progress`: the git revision to report progress since."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="For `report progress`: up to this revision (default: the working tree)."
        ),
    ] = None,
    history: Annotated[
        bool,
        typer.Option(
            help="Inside git, the portfolio shows the loop's timing from commit dates; "
            "--no-history leaves it out."
        ),
    ] = True,
    customer: Customer = None,
) -> None:
    """Render Markdown reports; `all` writes every report into reports/ under stable names.

    Only files whose content changed are written, so git and editors see no churn.
    `progress --since REV` reports what moved since a git revision.

    Example: ssvssj report all --lang en
    """
    if kind.value == "progress":
        from ssvssj.cli.history import progress_report
        from ssvssj.errors import UsageError

        if since is None:
            raise UsageError(
                tr(
                    "report progress needs --since REV",
                    "`ssvssj report progress` 需要 --since 版本",
                ),
                "ssvssj report progress --since main",
            )
        if case_id is not None:
            raise UsageError(
                tr("report progress takes no case ID", "`ssvssj report progress` 不接受案例编号")
            )
        progress_report(ctx, since, until, lang.value if lang else None, output)
        return
    from ssvssj.cli.common import workspace_root
    from ssvssj.errors import UsageError

    if kind.value == "case" and case_id is None:
        raise UsageError(
            tr("report case needs a case ID", "`ssvssj report case` 需要案例编号"),
            "ssvssj report case 20261102-k3f9",
        )
    if kind.value not in ("case", "all") and case_id is not None:
        raise UsageError(
            tr(
                "report {kind} takes no case ID",
                "`ssvssj report {kind}` 不接受案例编号",
                kind=kind.value,
            )
        )
    root = workspace_root(ctx)
    language = lang.value if lang else None
    if kind.value == "case":
        from ssvssj.cli.output import deliver

        assert case_id is not None
        deliver(_case_report(ctx, case_id, language, customer, strict).encode("utf-8"), output)
        return
    history_at = _history_at(root) if history and kind.value in ("portfolio", "all") else None

    def reports_now() -> tuple["Reports", Read]:
        findings = kind.value in ("portfolio", "all")
        return _reports_now(ctx, root, strict, language, customer, history_at, findings)

    if kind.value == "all":
        target = output if output is not None else root / REPORTS_DIR
        if output is None:
            _refuse_links_out(root, target)
        _report_all(ctx, target, (language, customer, history_at), strict, reports_now)
        return

    from ssvssj.cli.output import deliver

    reports, _ = reports_now()
    deliver(reports.overview(kind.value).encode("utf-8"), output)


class Read(NamedTuple):
    """What `report all` reads of the workspace beside its reports: its problems, the hash of
    every input (where every file's digest is known) and the digest of each case's file."""

    problems: list["Problem"]
    inputs: str | None
    digests: dict[str, str]
    full: "FullCases"


def _reports_now(
    ctx: typer.Context,
    root: Path,
    strict: bool,
    language: str | None,
    customer: str | None,
    history_at: str | None,
    findings: bool = True,
) -> tuple["Reports", Read]:
    """Every report of the workspace, from its kept journey and each touchpoint's kept part
    (see reports/rows.py) and, with `findings` (the portfolio shows them), the rule of each
    method finding of the kept check: a full case is read only for a case report that is
    rendered. Also what `report all` reads of the workspace, no case."""
    from ssvssj.cli.common import tell_problems
    from ssvssj.cli.journey import empty_segment, keep_outline
    from ssvssj.cli.output import ProgressBar
    from ssvssj.journey.infer import Filters
    from ssvssj.reports.sets import Method, Reports
    from ssvssj.store.derived import report_settings
    from ssvssj.store.journeys import workspace_journey
    from ssvssj.store.parts import kept_parts

    settings = report_settings(root)
    bar = ProgressBar(tr("loading cases", "正在读取案例"))
    try:
        filters = Filters(None, None, None, 1, customer)
        found = workspace_journey(root, filters, language or settings.language, bar)
        rules = _finding_rules(root, bar) if findings else ()
    finally:
        bar.close()
    tell_problems(found.problems, strict)
    digests = {case_id: d for case_id, d in found.digests.items() if d is not None}
    journey = found.journey
    if customer is not None and not journey.cases:
        empty_segment(customer)
    if not found.read_back:
        keep_outline(root, found, customer)
    if found.read is not None:
        found.read = _read_once(found.read)
    loop = None
    if history_at is not None:
        from ssvssj.cli.history import loop_timing

        every = _every_case(root, journey, customer)
        loop = loop_timing(_settings_of(root), history_at, every)
    method = Method(settings.as_of, settings.stale_after_days, rules)
    templates = root / "templates"
    full = FullCases(root, digests)
    reports = Reports(
        journey,
        found.name,
        journey.language,
        templates,
        loop,
        method,
        full,
        kept_parts(root, found),
        found.key,
    )
    return reports, Read(found.problems, found.inputs, digests, full)


def _finding_rules(root: Path, bar: "Progress") -> tuple[str, ...]:
    """The rule of each method finding, from the kept check (made again from the files that
    changed since)."""
    from ssvssj.store.checked import check_workspace

    return tuple(finding.rule for finding in check_workspace(root, bar).findings)


HELD_AT_MOST = 10_000  # lean cases read for the parts, held for the parts of another kind


def _read_once(
    read: "Callable[[list[str]], Sequence[LeanCase]]",
) -> "Callable[[list[str]], Sequence[LeanCase]]":
    """`read`, reading each case once: the parts of each kind the overviews read are made
    again from the same cases (those of the touchpoints whose cases changed). Only a few are
    held; the cases of a whole large workspace are let go as each kind's parts are made."""
    held: dict[str, LeanCase] = {}

    def read_held(ids: list[str]) -> "Sequence[LeanCase]":
        missing = [case_id for case_id in ids if case_id not in held]
        found = read(missing) if missing else []
        if len(held) + len(found) > HELD_AT_MOST:
            chosen = {case.id: case for case in found}
            return [held[case_id] if case_id in held else chosen[case_id] for case_id in ids]
        held.update((case.id, case) for case in found)
        return [held[case_id] for case_id in ids]

    return read_held


def _settings_of(root: Path) -> "Workspace":
    """The workspace as its settings files give it, no case read: what the loop's clock reads
    beside the cases (the vocabulary)."""
    from ssvssj.store.store import load_settings
    from ssvssj.store.workspace import Workspace

    config, vocabulary, _ = load_settings(root)  # their problems are the journey's too
    return Workspace(root, config, vocabulary)


def _every_case(root: Path, journey: "Journey", customer: str | None) -> "Sequence[AnyCase]":
    """Every valid case (a segment's journey holds only its own), as the loop's clock reads it."""
    if customer is None:
        return journey.cases
    from ssvssj.store.journeys import every_lean_case

    return every_lean_case(root)


READ_IN_BULK_FROM = 200  # full cases wanted at once: past this many, one load reads them all


class FullCases:
    """Full cases by id, for the case reports rendered: a few are read file by file, many in
    one load of the workspace (from the index where it keeps them). `changed` gathers the ids
    whose file no longer holds the bytes the run's keys were made from (`digests`): a case
    edited while the reports were made, whose report must not be kept under those keys."""

    def __init__(self, root: Path, digests: dict[str, str]) -> None:
        self.root = root
        self.digests = digests
        self.changed: set[str] = set()

    def __call__(self, ids: list[str]) -> dict[str, "Case"]:
        from ssvssj.errors import InvalidCase
        from ssvssj.store.index import digest
        from ssvssj.store.store import load_case_ids, load_workspace, read_case

        if len(ids) < READ_IN_BULK_FROM:
            named = load_case_ids(self.root)
            try:
                found = {case_id: read_case(named, case_id) for case_id in ids}
            except (InvalidCase, KeyError):
                pass  # the file named by the id is not the one read: a duplicated id
            else:
                for case_id, (_, raw) in found.items():
                    self._compare(case_id, digest(raw))
                return {case_id: case for case_id, (case, _) in found.items()}
        wanted = set(ids)
        workspace = load_workspace(self.root)
        cases = {case.id: case for case in workspace.cases if case.id in wanted}
        for case_id in cases:
            self._compare(case_id, workspace.digests.get(case_id))
        return cases

    def _compare(self, case_id: str, read: str | None) -> None:
        if read is None or read != self.digests.get(case_id):
            self.changed.add(case_id)


def _case_report(
    ctx: typer.Context, case_id: str, language: str | None, customer: str | None, strict: bool
) -> str:
    """One case's report, from the case's own file and an outline of the journey (see
    reports/places.py). The outline is kept in the index under a hash of every input file's
    bytes: while the files are those it was made from, no other case is read; else the
    workspace is loaded once to make it again. The case is found by its file's name."""
    from ssvssj.cli.common import tell_problems, workspace_root
    from ssvssj.reports.places import outline_from_json, outline_of
    from ssvssj.reports.sets import case_report
    from ssvssj.store.derived import recall
    from ssvssj.store.ids import resolve
    from ssvssj.store.index import decode
    from ssvssj.store.store import load_case_ids, read_case

    root = workspace_root(ctx)
    named = load_case_ids(root)
    resolved = resolve(case_id, named.files, named.problems)
    recalled = recall(root, outline_question(language or named.language, customer))
    outline: Outline | None = None
    place: Place | None = None
    if recalled is not None:
        body, problems = recalled
        outline = outline_from_json(decode(body))
        if outline is not None:
            tell_problems(problems, strict)
            case, _ = read_case(named, resolved)
            _refuse_outside_segment(case, customer)
            place = _placed(case, outline, named.vocabulary)
    if outline is None or place is None:
        found = _journey_of_lean_cases(root, strict, language or named.language, customer)
        outline = outline_of(found.journey, found.name)
        case, _ = read_case(named, resolved)
        if resolved not in {c.id for c in found.journey.cases}:
            _refuse_outside_segment(case, customer)
        place = _placed(case, outline, named.vocabulary)
        if place is None:
            raise KeyError(resolved)  # a case of the journey is always placed in its outline
    return case_report(case, place, outline, root / "templates")


def _journey_of_lean_cases(
    root: Path, strict: bool, language: str, customer: str | None
) -> "WorkspaceJourney":
    """The journey a case report is placed in, named in the report's `language`, made
    from lean cases (every file is read once where the index knows none of them) and kept,
    with its outline, for the next case report."""
    from ssvssj.cli.common import tell_problems
    from ssvssj.cli.journey import empty_segment, keep_outline
    from ssvssj.cli.output import ProgressBar
    from ssvssj.journey.infer import Filters
    from ssvssj.store.journeys import workspace_journey

    bar = ProgressBar(tr("loading cases", "正在读取案例"))
    try:
        filters = Filters(None, None, None, 1, customer)
        found = workspace_journey(root, filters, language, bar)
    finally:
        bar.close()
    tell_problems(found.problems, strict)
    if customer is not None and not found.journey.cases:
        empty_segment(customer)
    if not found.read_back:
        keep_outline(root, found, customer)
    return found


def _placed(case: "Case", outline: "Outline", vocabulary: "Vocabulary") -> "Place | None":
    from ssvssj.journey.infer import Names
    from ssvssj.reports.places import place_of

    return place_of(case, outline, Names.settled(vocabulary, outline.display))


def _refuse_outside_segment(case: "Case", customer: str | None) -> None:
    """A case left out by --customer has no place in that segment's journey."""
    from ssvssj.errors import UsageError
    from ssvssj.journey.infer import in_segment

    if customer is not None and not in_segment(case, customer):
        raise UsageError(
            tr(
                "case {id} is not in the segment: its scene.customer does not contain “{text}”",
                "案例 {id} 不在该客户细分中：其 `scene.customer` 不包含“{text}”",
                id=case.id,
                text=customer,
            )
        )


def _history_at(root: Path) -> str | None:
    """The commit whose history the portfolio's timing comes from, when there is one: a kept
    report stays right while it and the files are the same."""
    real = root.resolve()
    if not any((folder / ".git").exists() for folder in (real, *real.parents)):
        return None
    from ssvssj.cli.history import timed_history

    return timed_history(root)


def _report_all(
    ctx: typer.Context,
    target: Path,
    asked: tuple[str | None, ...],
    strict: bool,
    reports_now: Callable[[], tuple["Reports", Read]],
) -> None:
    """Write every report whose inputs changed, or whose file no longer holds what was written.
    When no input changed since the last run into `target`, and every report it wrote still
    looks as written (see store/written.py), no case is loaded and nothing is rendered."""
    from ssvssj.cli.common import tell_problems, workspace_root
    from ssvssj.cli.output import print_lines, shown_name
    from ssvssj.reports.keys import basis as basis_of
    from ssvssj.store.derived import templates_digest
    from ssvssj.store.written import Written, inputs_now, keep_written, recall_written

    root = workspace_root(ctx)
    language, *options = asked
    templates = templates_digest(root)
    inputs = inputs_now(root)
    before = recall_written(root, target)
    basis = None if inputs is None else basis_of(inputs, templates, language, options)
    still = None
    if before is not None and basis == before.basis:
        still = _still_written(target, before)
    if before is not None and still is not None:
        tell_problems(before.problems, strict)
        written, unchanged, removed = 0, len(before.reports) - 1, 0
        foreign = _foreign(target, before.reports.keys())
        if still is not before.reports:
            before.reports = still
            keep_written(root, target, before)
    else:
        reports, read = reports_now()
        now_basis = (
            None if read.inputs is None else basis_of(read.inputs, templates, language, options)
        )
        usable = before if before is not None and now_basis is not None else None
        written, unchanged, removed, record, foreign = _write_all(
            target, reports, (root, read), usable, now_basis, templates, asked[:2]
        )
        if now_basis is not None and not read.full.changed:
            # a case edited while its report was made: the record is not for the bytes read
            keep_written(root, target, Written(now_basis, read.problems, record))
    summary = tr(
        "{target}: {written} written, {unchanged} unchanged, {removed} removed",
        "{target}：写入 {written} 个，未变 {unchanged} 个，删除 {removed} 个",
        target=shown_name(os.path.join(_from_here(target), "")),
        written=written,
        unchanged=unchanged,
        removed=removed,
    )
    left = [
        tr(
            "{file} has no case and was not written by ssvssj as it is now; left in place",
            "{file} 没有对应的案例，且不是 ssvssj 写入时的样子；保留未删",
            file=shown_name(_from_here(target / rel)),
        )
        for rel in foreign
    ]
    print_lines([(summary, ""), *((line, "yellow") for line in left)], stderr=True)


def _from_here(path: Path) -> str:
    """A path as the person finds it from the current folder: relative where it lies below
    it, else whole."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return str(path)


def _still_written(target: Path, before: "Written") -> "dict[str, WrittenReport] | None":
    """The record of every report (and the list of them) on disk as written, with the look of
    the files read back to be sure; None when any is missing or holds other bytes. The record
    itself when every file still looks as recorded: one `stat` per report, nothing read."""
    from ssvssj.store.index import SETTLED_NS, stat_of
    from ssvssj.store.written import look_of

    now: dict[str, WrittenReport] = {}
    prefix = os.path.join(os.fspath(target), "")
    clock = time.time_ns()
    settled_before = clock - SETTLED_NS
    stat = os.stat
    same = True
    for rel, report in before.reports.items():
        path = prefix + rel
        try:
            info = stat(path)
        except OSError:
            return None
        if (
            info.st_mtime_ns < settled_before
            and info.st_ctime_ns < settled_before
            and report.stat == look_of(stat_of(info))
        ):
            now[rel] = report
            continue
        held = _holding(path, report, clock)
        if held is None:
            return None
        now[rel] = held
        same = same and held == report
    return before.reports if same else now


def _holding(path: str, report: "WrittenReport", clock: int) -> "WrittenReport | None":
    """`report` when its file still holds what was written (read back only when its look
    changed, or was not settled when recorded), with the file's look at `clock`; else None."""
    from ssvssj.store.index import digest
    from ssvssj.store.written import UNSETTLED, looks

    look = looks(path, clock)
    if look is None:
        return None
    if look != UNSETTLED and look == report.stat:
        return report
    held = _regular_bytes(Path(path))
    if held is None or digest(held) != report.digest:
        return None
    return report if look == report.stat else report._replace(stat=look)


def _foreign(target: Path, names: "Iterable[str]") -> list[str]:
    """The case reports in `target` with a case's name that this run does not write."""
    listed = set(names)
    try:
        with os.scandir(target / "cases") as entries:
            found = [f"cases/{entry.name}" for entry in entries if entry.name.endswith(".md")]
    except OSError:
        return []
    unlisted = [rel for rel in found if rel not in listed]
    if not unlisted:
        return []
    from ssvssj.store.ids import is_valid_id

    return sorted(rel for rel in unlisted if is_valid_id(rel[6:].removesuffix(".md")))


def _regular_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file that is no link, else None: never a wait on a FIFO."""
    import os
    import stat

    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        return path.read_bytes()
    except OSError:
        return None


def _generated_bytes(kept: dict[str, str]) -> bytes:
    return (json.dumps({"generated": kept}, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _generated(target: Path) -> dict[str, str]:
    """The reports the last `report all` into `target` wrote, with their digests."""
    raw = _regular_bytes(target / GENERATED_FILE)
    try:
        listed = json.loads(raw)["generated"] if raw is not None else {}
    except (ValueError, TypeError, KeyError):
        return {}
    if not isinstance(listed, dict):
        return {}
    return {k: v for k, v in listed.items() if isinstance(k, str) and isinstance(v, str)}


def _refuse_links_out(root: Path, target: Path) -> None:
    """reports/ and reports/cases/ are written and pruned: never through a link leading out."""
    from ssvssj.confine import leads_out
    from ssvssj.errors import UsageError

    for folder in (target, target / "cases"):
        if leads_out(root, folder):
            raise UsageError(
                tr(
                    "{folder} is a symbolic link leading out of the workspace; nothing was "
                    "written or removed",
                    "{folder} 是指向工作区之外的符号链接；没有写入或删除任何文件",
                    folder=folder.relative_to(root).as_posix(),
                ),
                tr(
                    "replace the link by a folder, or name a folder with -o",
                    "请把链接换成文件夹，或用 -o 指定文件夹",
                ),
            )


def _write_all(
    target: Path,
    reports: "Reports",
    workspace: tuple[Path, Read],
    before: "Written | None",
    basis: str | None,
    templates: str,
    options: "Sequence[str | None]",
) -> tuple[int, int, int, "dict[str, WrittenReport]", list[str]]:
    """Write what changed, and remove case reports whose case is gone when they are as this
    tool wrote them; a record of every report as written, and the case reports left.

    A report is rendered only when the key of its inputs is not the one it was written from,
    or its file no longer holds what was written then. `options`: the language and the segment
    asked for."""
    from ssvssj.cli.output import progress
    from ssvssj.reports.keys import (
        case_key,
        case_sources,
        journey_key,
        outline_digest,
        overview_key,
        shared_sources,
    )
    from ssvssj.reports.places import outline_json
    from ssvssj.reports.render import may_read
    from ssvssj.store.files import write_if_changed
    from ssvssj.store.index import digest
    from ssvssj.store.scan import settings_bytes
    from ssvssj.store.written import UNSETTLED, Report, looks

    written = unchanged = removed = 0
    previous = _generated(target)
    names = reports.names()
    record: dict[str, Report] = {}
    kept: dict[str, str] = {}
    known = before.reports if before is not None else {}
    root, read = workspace
    common = [digest(settings_bytes(root)), templates, reports.language]
    seen = None
    if may_read("case", "workspace", reports.language, reports.templates):
        seen = reports.outline.workspace()

    shared = shared_sources(common, outline_digest(outline_json(reports.outline)), seen)

    def sources_of(rel: str) -> str | None:
        """What a case report's key is made from; None for an overview, or where the case
        file's digest is not known."""
        if basis is None or not rel.startswith("cases/"):
            return None
        case_file = read.digests.get(rel.removeprefix("cases/").removesuffix(".md"))
        return None if case_file is None else case_sources(shared, case_file)

    def key_of(rel: str, old: Report | None, sources: str | None) -> tuple[str | None, str]:
        """The key of a report's inputs, and for a case report what the key is made from:
        where that is what it was, the key is too, and the case's place is not looked for."""
        if basis is None:
            return None, UNSETTLED
        shown = reports.journey_inputs() if rel == "journey.md" else None
        if shown is not None:
            return journey_key(common, options, shown), UNSETTLED
        if not rel.startswith("cases/"):
            return overview_key(rel, basis), UNSETTLED
        if sources is None:
            return None, UNSETTLED
        if old is not None and old.sources == sources:
            return old.key, sources
        case_id = rel.removeprefix("cases/").removesuffix(".md")
        case_file = read.digests[case_id]
        return case_key(common, case_file, reports.place(case_id), seen), sources

    every_source = {rel: sources_of(rel) for rel in names}
    # A few cases whose place is looked for are read in full first and placed as they are,
    # so that the journey's cases are not read; many are placed from the journey's cases.
    to_place = [
        rel[6:-3]
        for rel, sources in every_source.items()
        if sources is not None and getattr(known.get(rel), "sources", None) != sources
    ]
    if len(to_place) < READ_IN_BULK_FROM:
        reports.read_cases(to_place)
    clock = time.time_ns()
    pending: list[tuple[str, str | None, str]] = []
    for rel in names:
        old = known.get(rel)
        key, sources = key_of(rel, old, every_source[rel])
        held = None if old is None or key != old.key else _holding(str(target / rel), old, clock)
        if held is None:
            pending.append((rel, key, sources))
            continue
        record[rel] = held if held.sources == sources else held._replace(sources=sources)
        kept[rel] = held.digest
        unchanged += 1
    reports.read_cases([rel[6:-3] for rel, _, _ in pending if rel.startswith("cases/")])
    with progress(tr("writing reports", "正在写入报告"), len(pending)) as advance:
        for rel, key, sources in pending:
            data = reports.text(rel).encode("utf-8")
            kept[rel] = digest(data)
            if write_if_changed(target / rel, data):
                written += 1
            else:
                unchanged += 1
            if key is not None:
                look = looks(target / rel) or UNSETTLED
                record[rel] = Report(key, kept[rel], look, sources)
            advance()
    left: list[str] = []
    for rel in _foreign(target, names):
        stale = target / rel
        found = _regular_bytes(stale)
        if found is None or previous.get(rel) != digest(found):
            left.append(rel)
            continue
        try:
            stale.unlink()
        except FileNotFoundError:
            continue  # another `report all` running at the same time removed it
        removed += 1
    listing = _generated_bytes(kept)
    write_if_changed(target / GENERATED_FILE, listing)
    look = looks(target / GENERATED_FILE) or UNSETTLED
    record[GENERATED_FILE] = Report(GENERATED_FILE, digest(listing), look)
    return written, unchanged, removed, record, left
