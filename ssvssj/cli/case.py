"""`ssvssj case …`: create, resume, list, show, edit and move cases along."""

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from ssvssj.cli.common import open_workspace, today
from ssvssj.i18n import joined, os_reason, tr
from ssvssj.method.dates import ACCEPTED_FORMS

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ssvssj.method.models import Case, Status
    from ssvssj.store.drafts import Draft, DraftNote
    from ssvssj.store.scan import Outline
    from ssvssj.store.workspace import Workspace

app = typer.Typer(
    help="Create, resume, list, show, edit and move cases along.", no_args_is_help=True
)


NoInput = Annotated[
    bool, typer.Option("--no-input", help="Never prompt: take answers from options or --from.")
]
FromFile = Annotated[
    str | None,
    typer.Option("--from", help="A partial case in the case format (YAML); '-' reads stdin."),
]


def _choice(kind: str, typed: str, option: str) -> str:
    """The value an option names by number, English or Chinese word (`--status 已验证`)."""
    from ssvssj.errors import UsageError
    from ssvssj.i18n import language, tr
    from ssvssj.method.terms import choices_shown, choose

    chosen = choose(kind, typed)
    if chosen is None:
        shown = choices_shown(kind, language())
        numbered = joined(f"{number} {word}" for number, word in enumerate(shown, 1))
        raise UsageError(
            tr(
                "{option}: “{typed}” is not one of: {choices}",
                "{option}：“{typed}”不在可选项中：{choices}",
                option=option,
                typed=typed,
                choices=numbered,
            )
        )
    return chosen


def _option_date(typed: str | None, option: str) -> Any:
    """A date option in any accepted form; an impossible date is refused as impossible."""
    from ssvssj.errors import UsageError
    from ssvssj.i18n import tr
    from ssvssj.method.dates import DateError, parse_date

    if typed is None:
        return None
    try:
        return parse_date(typed)
    except DateError as error:
        raise UsageError(
            tr("{option}: {reason}", "{option}：{reason}", option=option, reason=error)
        ) from None


def _interactive(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty()


_given: dict[str, bytes] = {}  # the --from input of this command, by its name on the command line


def _read_from(source: str | None) -> dict[str, Any]:
    from ssvssj.confine import MAX_FILE_BYTES
    from ssvssj.errors import UsageError
    from ssvssj.store.yamlread import ReadError, parse

    if source is None:
        return {}
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(source, "rb") as given:  # a pipe too: `--from <(…)`
                raw = given.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise UsageError(
                tr(
                    "--from {source}: larger than the limit of {limit} MiB",
                    "--from {source}：超过 {limit} MiB 的上限",
                    source=source,
                    limit=MAX_FILE_BYTES // 1_048_576,
                )
            )
        _given[source] = raw
    except OSError as error:
        raise UsageError(
            tr(
                "cannot read --from {source}: {reason}",
                "无法读取 --from {source}：{reason}",
                source=source,
                reason=os_reason(error),
            )
        ) from None
    try:
        data = parse(raw)
    except ReadError as error:
        where = f"{source}:{error.line}" if error.line else source
        raise UsageError(
            tr(
                "--from {where}: {message}",
                "--from {where}：{message}",
                where=where,
                message=error.message if source == "-" else error.message_in(source),
            )
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            tr(
                "--from {source}: expected a mapping of case fields",
                "--from {source}：应为案例字段的键值映射",
                source=source,
            )
        )
    for section in ("spot", "scene"):
        if data.get(section) is not None and not isinstance(data[section], dict):
            raise UsageError(
                tr(
                    "--from {source}: `{section}` must be a mapping of its fields "
                    "(such as `touchpoint: …`), not {value}",
                    "--from {source}：`{section}` 应为其字段的键值映射（如 `touchpoint: …`），"
                    "而不是 {value}",
                    source=source,
                    section=section,
                    value=repr(data[section])[:40],
                )
            )
    from ssvssj.method.terms import with_stored_choices

    kept = {k: v for k, v in data.items() if k not in ("schema_version", "id", "updated")}
    return with_stored_choices(kept)


def _option_severity(typed: str | None) -> int | None:
    """--severity as the wizard takes it: a whole number 1–5, refused in the user's words."""
    from ssvssj.errors import UsageError
    from ssvssj.i18n import language
    from ssvssj.method.terms import severity_of, severity_refused

    if typed is None:
        return None
    value = severity_of(typed)
    if value is None:
        raise UsageError(
            tr(
                "--severity: {reason}",
                "--severity：{reason}",
                reason=severity_refused(f"“{typed}”", language()),
            )
        )
    return value


@app.command("new")
def new(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(help="One line naming the problem.")] = None,
    touchpoint: Annotated[str | None, typer.Option(help="Where it was spotted.")] = None,
    problem: Annotated[str | None, typer.Option(help="What the customer ran into.")] = None,
    severity: Annotated[str | None, typer.Option(help="1..5, 5 = worst.")] = None,
    channel: Annotated[str | None, typer.Option(help="Store, app, phone, website …")] = None,
    observed: Annotated[
        str | None, typer.Option(help=f"Date observed: {ACCEPTED_FORMS[0]}.")
    ] = None,
    evidence: Annotated[list[str] | None, typer.Option(help="Evidence; repeat for more.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag; repeat for more.")] = None,
    consultant: Annotated[str | None, typer.Option(help="Who observed it.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="pain (the default) or gain: a bright spot to keep (or 痛点, 亮点)."),
    ] = None,
    handover: Annotated[
        str | None,
        typer.Option(
            help="The touchpoint it was handed over from: the problem is on that pathway."
        ),
    ] = None,
    from_file: FromFile = None,
    no_input: NoInput = False,
) -> None:
    """Start a case with the guided wizard: Spot → Scene → View → Split → Solve.

    Without a terminal (or with --no-input) the answers come from the options or --from, and
    the path of the written file is printed.

    Example: ssvssj case new --no-input --title "无人接待" --touchpoint 前台 --problem "等了15分钟"
    """
    doc = _read_from(from_file)
    spot = dict(doc.get("spot") or {})
    for key, value in (
        ("touchpoint", touchpoint),
        ("problem", problem),
        ("severity", _option_severity(severity)),
        ("channel", channel),
        ("observed", _option_date(observed, "--observed")),
        ("evidence", evidence),
        ("kind", _option_kind(kind)),
        ("from", handover),
    ):
        if value:
            spot[key] = value
    if spot:
        doc["spot"] = spot
    for key, value in (("title", title), ("tags", tag), ("consultant", consultant)):
        if value:
            doc[key] = value
    if severity is not None and spot.get("kind") == "gain":
        from ssvssj.errors import UsageError

        raise UsageError(
            tr(
                "--severity: a gain has no severity: drop --severity, or use --kind pain",
                "--severity：亮点没有严重程度：请去掉 --severity，或用 --kind 痛点",
            )
        )
    options = {
        field: option
        for field, option, value in (
            ("title", "--title", title),
            ("spot.touchpoint", "--touchpoint", touchpoint),
            ("spot.problem", "--problem", problem),
            ("spot.severity", "--severity", severity),
            ("spot.channel", "--channel", channel),
            ("spot.observed", "--observed", observed),
            ("spot.evidence", "--evidence", evidence),
            ("spot.kind", "--kind", kind),
            ("spot.from", "--handover", handover),
            ("tags", "--tag", tag),
            ("consultant", "--consultant", consultant),
        )
        if value
    }
    workspace = open_workspace(ctx, every_case=_interactive(no_input))
    if _interactive(no_input):
        from ssvssj.store.ids import new_id

        _run_wizard(workspace, new_id(today()), doc, start="spot", original=None)
    else:
        with _problems_at_options(options), _problems_at_input(from_file):
            _create_without_prompts(workspace, doc)


@contextlib.contextmanager
def _problems_at_options(options: dict[str, str]) -> Iterator[None]:
    """A problem with an answer given as an option is said of that option (`--channel：…`),
    not of a case file that was not written."""
    from ssvssj.errors import InvalidCase, UsageError

    try:
        yield
    except InvalidCase as error:
        for problem in error.problems:
            field = (problem.field or "").split("[")[0]
            if field in options:
                raise UsageError(
                    tr(
                        "{option}: {message}",
                        "{option}：{message}",
                        option=options[field],
                        message=problem.message,
                    )
                ) from None
        raise


@contextlib.contextmanager
def _problems_at_input(source: str | None) -> Iterator[None]:
    """Problems of answers given with --from point into that input, at its lines (`-:5`,
    `scene.yaml:6`), not into the case file that was not written."""
    from ssvssj.errors import InvalidCase
    from ssvssj.method.problems import Problem
    from ssvssj.store.loading import field_lines

    try:
        yield
    except InvalidCase as error:
        raw = _given.get(source or "")
        if raw is None:
            raise
        lines = field_lines(raw, [problem.field or "" for problem in error.problems])
        error.problems = [
            Problem(source or "-", line, problem.field, problem.message) if line else problem
            for problem, line in zip(error.problems, lines, strict=True)
        ]
        raise


def _option_kind(typed: str | None) -> str | None:
    """--kind by number, English or Chinese word; a pain, the default, is not written."""
    chosen = None if typed is None else _choice("kind", typed, "--kind")
    return None if chosen == "pain" else chosen


_REQUIRED = (
    ("title", "--title"),
    ("spot.touchpoint", "--touchpoint"),
    ("spot.problem", "--problem"),
)


def _create_without_prompts(
    workspace: "Workspace", doc: dict[str, Any], preferred: str | None = None
) -> None:
    from ssvssj.cli.output import shown_name
    from ssvssj.errors import UsageError
    from ssvssj.store.store import create_case

    for key, option in _REQUIRED:
        section, _, name = key.rpartition(".")
        holder = doc.get(section) if section else doc
        if not isinstance(holder, dict) or not holder.get(name):
            from ssvssj.i18n import language
            from ssvssj.method.terms import field_word

            raise UsageError(
                tr(
                    "missing answer: {field} (`{key}`); pass {option} TEXT (or give it in "
                    "--from FILE)",
                    "缺少回答：{field}（`{key}`）；请用 {option} 给出{field}"
                    "（或写在 --from 所指的文件中）",
                    field=field_word(name, language()),
                    key=key,
                    option=option,
                )
            )
    if not doc.get("consultant") and workspace.config.consultant:
        doc = {**doc, "consultant": workspace.config.consultant}
    _, path = create_case(workspace, doc, today(), preferred)
    typer.echo(shown_name(path.relative_to(workspace.root).as_posix()))


def _not_valid() -> str:
    return tr(
        "the answers do not make a valid case; nothing was written",
        "这些回答构不成有效的案例；没有写入任何文件",
    )


@app.command("continue")
def continue_(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="Case id or unique prefix.")],
    from_file: FromFile = None,
    no_input: NoInput = False,
    discard_draft: Annotated[
        bool,
        typer.Option("--discard-draft", help="Drop the case's draft and go on from the case file."),
    ] = False,
) -> None:
    """Resume a case at its next unfinished step (a draft left by an interrupted wizard too).

    A draft applies only to the case file it was made from: if the case changed since (an
    edit, a git pull), the draft is not applied and --discard-draft is the way on.

    Example: ssvssj case continue 20261102-k3f9
    """
    from ssvssj.errors import UsageError
    from ssvssj.method.wizard import first_unfinished
    from ssvssj.store.drafts import draft_ids, drop_draft
    from ssvssj.store.ids import resolve
    from ssvssj.store.store import read_case
    from ssvssj.store.yamlwrite import to_document

    workspace = open_workspace(ctx, every_case=_interactive(no_input))
    resolved = resolve(case_id, {*workspace.files, *draft_ids(workspace.root)})
    original = None
    doc: dict[str, Any] = {}
    case = None
    if resolved in workspace.files:
        case, original = read_case(workspace, resolved)
        doc = to_document(case)
    if discard_draft:
        drop_draft(workspace.root, resolved)
        if original is None:
            typer.echo(tr("draft of {id} discarded", "已丢弃 {id} 的草稿", id=resolved))
            return
    draft = None if discard_draft else _usable_draft(workspace, resolved, case, original)
    if draft is not None:
        doc = draft.doc
    if from_file is not None:
        doc.update(_read_from(from_file))
    elif not _interactive(no_input):
        raise UsageError(
            tr(
                "case continue asks questions and needs a terminal",
                "`ssvssj case continue` 要提问，需要在终端中运行",
            ),
            tr(
                "pass --from FILE with the sections to add, or use `ssvssj case edit`",
                "可用 --from 指定一个写有要补充部分的文件，或用 `ssvssj case edit`",
            ),
        )
    if not _interactive(no_input):
        with _problems_at_input(from_file):
            _save_without_prompts(workspace, resolved, doc, original)
        return
    start = first_unfinished(doc) if original is not None else "spot"
    if draft is not None and draft.step is not None:
        start = draft.step
    _run_wizard(
        workspace,
        resolved,
        doc,
        start=start,
        original=original,
        partial=draft.partial if draft is not None else {},
        resumed=draft is not None,
    )


def _usable_draft(
    workspace: "Workspace", case_id: str, case: "Case | None", original: bytes | None
) -> "Draft | None":
    """The case's draft if it was made from the case file as it is now. A draft left from
    before the file's last change never overwrites it: one that only repeats the file is
    dropped, any other is refused with the way on."""
    from ssvssj.errors import ConcurrentChange, InvalidCase
    from ssvssj.store.drafts import drop_draft, read_draft

    draft = read_draft(workspace.root, case_id)
    if draft is None or draft.fits(original):
        return draft
    if case is not None:
        try:
            drafted = _validated(draft.doc, case_id)
        except InvalidCase:
            drafted = None
        if drafted is not None and drafted.model_dump(exclude={"updated"}) == case.model_dump(
            exclude={"updated"}
        ):
            drop_draft(workspace.root, case_id)
            return None
    rel = f".ssvssj/drafts/{case_id}.yaml"
    message = (
        tr(
            "case {id} changed after its draft was saved (an edit, a git pull?); the case file "
            "is kept as it is and the draft was not applied",
            "案例 {id} 在草稿保存之后被改过（编辑过，或 `git pull`？）；"
            "以案例文件为准，草稿没有套用",
            id=case_id,
        )
        if original is not None
        else tr(
            "the file of case {id} is gone since its draft was saved; nothing was written",
            "案例 {id} 的文件在草稿保存之后已不存在；没有写入任何内容",
            id=case_id,
        )
    )
    raise ConcurrentChange(
        message,
        tr(
            "the draft's answers are in {draft}; pass --discard-draft to go on from the case file",
            "草稿中的回答在 {draft}；加 --discard-draft 可丢弃草稿，从案例文件继续",
            draft=rel,
        ),
    )


def _save_without_prompts(
    workspace: "Workspace", case_id: str, doc: dict[str, Any], original: bytes | None
) -> None:
    """Write the answers; the case file then holds the draft's answers, so the draft goes."""
    from ssvssj.cli.output import shown_name
    from ssvssj.store.drafts import drop_draft
    from ssvssj.store.store import save_case

    if original is None:
        _create_without_prompts(workspace, doc, preferred=case_id)
    else:
        case = _validated(doc, case_id)
        path = save_case(workspace, case, original, today())
        typer.echo(shown_name(path.relative_to(workspace.root).as_posix()))
    drop_draft(workspace.root, case_id)


def _validated(doc: dict[str, Any], case_id: str) -> "Case":
    from pydantic import ValidationError

    from ssvssj.errors import InvalidCase
    from ssvssj.method.models import Case
    from ssvssj.store.loading import validation_problems
    from ssvssj.store.yamlwrite import dump_document

    try:
        return Case.model_validate({**doc, "schema_version": 1, "id": case_id})
    except ValidationError as error:
        problems = validation_problems(case_id, dump_document(doc), error)
        raise InvalidCase(_not_valid(), problems) from None


def _run_wizard(
    workspace: "Workspace",
    case_id: str,
    doc: dict[str, Any],
    start: str,
    original: bytes | None,
    partial: dict[str, Any] | None = None,
    resumed: bool = False,
) -> None:
    from ssvssj.cli.prompter import TerminalPrompter
    from ssvssj.cli.wizard_shell import WizardShell
    from ssvssj.i18n import language

    shell = WizardShell(workspace, case_id, original, today(), language())
    shell.run(TerminalPrompter(), doc, start, partial or {}, resumed=resumed)


@app.command("list")
def list_(
    ctx: typer.Context,
    step: Annotated[
        str | None,
        typer.Option(help="Only cases at this step: 1-5, spot … solve, or 发现问题 … 制定方案."),
    ] = None,
    touchpoint: Annotated[str | None, typer.Option(help="Only cases spotted here.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only cases with this tag.")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only open cases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List cases as a table.

    Example: ssvssj case list --open --touchpoint 前台
    """
    from ssvssj.cli.common import workspace_root
    from ssvssj.cli.output import warn_each
    from ssvssj.store.drafts import draft_notes, private_folder_problems

    root = workspace_root(ctx)
    outline, rows = _listed(ctx, step, touchpoint, tag, open_only)
    warn_each(private_folder_problems(root))
    drafts = draft_notes(root, {row["id"]: file for file, row in outline.rows})
    if as_json:
        _list_json(rows, drafts)
    else:
        _table(rows, drafts)


def _listed(
    ctx: typer.Context,
    step: str | None,
    touchpoint: str | None,
    tag: str | None,
    open_only: bool,
) -> "tuple[Outline, list[tuple[str, dict[str, Any]]]]":
    """The outline and the rows of the cases the filters let through, as (file, row)."""
    from ssvssj.cli.common import open_outline

    outline = open_outline(ctx)
    rows = outline.rows
    if step is not None:
        wanted_step = _choice("step", step, "--step")
        rows = [(file, row) for file, row in rows if row["step"] == wanted_step]
    if touchpoint is not None:
        wanted = _touchpoint_key(ctx, touchpoint)
        from ssvssj.journey.vocabulary import name_key

        rows = [(file, row) for file, row in rows if name_key(row["touchpoint"]) == wanted]
    if tag is not None:
        rows = [(file, row) for file, row in rows if tag in row["tags"]]
    if open_only:
        rows = [(file, row) for file, row in rows if row["is_open"]]
    return outline, rows


def _list_json(rows: "list[tuple[str, dict[str, Any]]]", drafts: "list[DraftNote]") -> None:
    """The list as JSON, written case by case: at 100,000 cases the document is never one
    string in memory."""
    from ssvssj.cli.output import write_json

    write_json(
        "case-list", {"cases": _json_items(rows), "drafts": [note.to_json() for note in drafts]}
    )
    sys.stdout.flush()


def _json_row(row: dict[str, Any], file: str) -> dict[str, Any]:
    """A case as `case list --json` gives it (the table's cells need `rich`; this does not)."""
    return {
        "id": row["id"],
        "title": row["title"],
        "step": row["step"],
        "state": row["state"],
        "touchpoint": row["touchpoint"],
        "kind": row["kind"],
        "from": row.get("from"),
        "severity": row["severity"],
        "tags": row["tags"],
        "updated": row["updated"],
        "file": file,
    }


_TEXTS = ("id", "title", "step", "state", "touchpoint", "kind")
# `_json_row` as `write_json` lays out an item of its list, for a row of the usual types.
_JSON_ITEM = (
    "{\n"
    + "".join(f'      "{key}": %s,\n' for key in (*_TEXTS, "from", "severity", "tags", "updated"))
    + '      "file": %s\n    }'
)


def _json_items(rows: "list[tuple[str, dict[str, Any]]]") -> Iterator[Any]:
    """Each case's `_json_row`, laid out at once where its values are of the types a row
    holds (texts, a severity that is a whole number or none, tags that are texts); else the
    mapping, for `write_json` to lay out."""
    from json.encoder import encode_basestring as quoted

    from ssvssj.cli.output import Laid

    for file, row in rows:
        texts = [row[key] for key in _TEXTS]
        since, severity, tags = row.get("from"), row["severity"], row["tags"]
        updated = row["updated"]
        if not (
            all(type(value) is str for value in texts)
            and (since is None or type(since) is str)
            and (severity is None or type(severity) is int)
            and type(tags) is list
            and all(type(tag) is str for tag in tags)
            and type(updated) is str
        ):
            yield _json_row(row, file)
            continue
        listed = "[\n        " + ",\n        ".join(map(quoted, tags)) + "\n      ]"
        yield Laid(
            _JSON_ITEM
            % (
                *map(quoted, texts),
                "null" if since is None else quoted(since),
                "null" if severity is None else int.__repr__(severity),
                listed if tags else "[]",
                quoted(updated),
                quoted(file),
            )
        )


def _table(rows: "list[tuple[str, dict[str, Any]]]", drafts: "list[DraftNote]") -> None:
    """The table, each line written as soon as it is made."""
    from ssvssj.cli.case_rows import table_lines, write_lines
    from ssvssj.cli.output import draft_lines, terminal_width, wants_colour

    colour = wants_colour(sys.stdout)
    write_lines(table_lines([row for _, row in rows], terminal_width(), colour))
    if drafts:
        write_lines(["", *draft_lines(drafts)])


def _touchpoint_key(ctx: typer.Context, touchpoint: str) -> str:
    """The name key a touchpoint filter matches: the vocabulary's name for it, if it has one."""
    from ssvssj.cli.common import workspace_root
    from ssvssj.journey.vocabulary import name_key
    from ssvssj.store.store import load_settings

    _, vocabulary, _ = load_settings(workspace_root(ctx))
    return name_key(vocabulary.canonical(touchpoint) or touchpoint)


def _canonical(workspace: "Workspace", case: "Case") -> str:
    return workspace.vocabulary.canonical(case.spot.touchpoint) or case.spot.touchpoint


@app.command("show")
def show(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="Case id or unique prefix.")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Show one case, step by step.

    Example: ssvssj case show 20261102
    """
    from ssvssj.cli.case_view import case_json, case_panels
    from ssvssj.cli.output import console, emit_json
    from ssvssj.i18n import language
    from ssvssj.store.ids import resolve
    from ssvssj.store.store import read_case

    workspace = open_workspace(ctx, every_case=False)
    case, _ = read_case(workspace, resolve(case_id, workspace.files, workspace.problems))
    if as_json:
        emit_json("case", {"case": case_json(case, workspace.files[case.id])})
        return
    out = console()
    for renderable in case_panels(case, language()):
        out.print(renderable)


@app.command("solve")
def solve(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="Case id or unique prefix.")],
    solution_id: Annotated[str, typer.Argument(metavar="SID", help="Solution id, e.g. s1.")],
    status: Annotated[
        str,
        typer.Option(
            help="The new status: proposed, doing, done, verified, dropped (or 已验证 …)."
        ),
    ],
    result: Annotated[str | None, typer.Option(help="What was verified.")] = None,
) -> None:
    """Move a solution along: proposed → doing → done → verified (or dropped).

    Example: ssvssj case solve 20261102-k3f9 s1 --status verified --result "等待降到2分钟"
    """
    from ssvssj.cli.output import console
    from ssvssj.errors import UsageError
    from ssvssj.i18n import language, tr
    from ssvssj.method.terms import term
    from ssvssj.store.ids import resolve
    from ssvssj.store.store import read_case, save_case

    workspace = open_workspace(ctx, every_case=False)
    new_status = _choice("status", status, "--status")
    resolved = resolve(case_id, workspace.files, workspace.problems)
    case, original = read_case(workspace, resolved)
    solution = next((s for s in case.solve if s.id == solution_id), None)
    if solution is None:
        known = joined(s.id for s in case.solve) or "—"
        raise UsageError(
            tr(
                "case {id} has no solution “{sid}” (it has: {known})",
                "案例 {id} 没有方案“{sid}”（已有的方案：{known}）",
                id=resolved,
                sid=solution_id,
                known=known,
            )
        )
    before = solution.status
    solution.status = cast("Status", new_status)
    if result is not None:
        solution.result = result
    save_case(workspace, case, original, today())
    moved = f"{term(before, language(), 'status')} → {term(new_status, language(), 'status')}"
    console().print(
        tr("{id} {sid}: {moved}", "{id} {sid}：{moved}", id=resolved, sid=solution_id, moved=moved),
        markup=False,
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(metavar="ID", help="Case id or unique prefix.")],
    resume: Annotated[
        bool, typer.Option("--resume", help="Go on with an earlier edit kept after problems.")
    ] = False,
    discard: Annotated[
        bool, typer.Option("--discard", help="Drop an earlier kept edit and start afresh.")
    ] = False,
) -> None:
    """Open a case in $EDITOR; it is validated on save and re-opened while it has problems.

    An edit left with problems is kept and offered back the next time (--resume or --discard
    answer without a terminal).

    Example: ssvssj case edit 20261102-k3f9  (uses $VISUAL, else $EDITOR, else vi)
    """
    from ssvssj.cli.editing import edit_case
    from ssvssj.errors import UsageError
    from ssvssj.store.ids import resolve

    if resume and discard:
        raise UsageError(tr("--resume or --discard, not both", "--resume 和 --discard 只能选一个"))
    workspace = open_workspace(ctx, every_case=False)
    edit_case(
        workspace,
        resolve(case_id, workspace.files, workspace.problems),
        interactive=sys.stdin.isatty(),
        choice="resume" if resume else "discard" if discard else None,
    )
