"""`ssvssj journey …` and `ssvssj touchpoints`: the emergent journey in the terminal and out."""

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from ssvssj.cli.common import open_workspace
from ssvssj.i18n import joined, tr

if TYPE_CHECKING:
    from collections.abc import Callable

    from ssvssj.journey.infer import Filters, Journey
    from ssvssj.journey.suggest import Suggestion
    from ssvssj.store.journeys import WorkspaceJourney
    from ssvssj.store.workspace import Workspace

app = typer.Typer(help="The customer journey inferred from all cases.", no_args_is_help=True)

# Spelled out for the type checker; a test holds it equal to ssvssj.journey.exports.FORMATS.
ExportFormat = StrEnum(
    "ExportFormat", "mermaid mermaid-journey dot graphml json csv blueprint svg html"
)
PageSize = StrEnum("PageSize", {"A4": "A4", "A3": "A3", "A2": "A2", "A1": "A1", "A0": "A0"})

Tag = Annotated[str | None, typer.Option(help="Only cases with this tag.")]
Since = Annotated[
    str | None,
    typer.Option(help="Only cases observed on or after this date (else created), e.g. 2026-11-02."),
]
Until = Annotated[
    str | None, typer.Option(help="Only cases observed on or before this date, e.g. 2026-11-30.")
]
MinCount = Annotated[
    int,
    typer.Option(
        "--min-count", min=1, help="Drop pathways seen fewer times (touchpoints stay connected)."
    ),
]
Strict = Annotated[bool, typer.Option(help="Stop on any problem in the workspace.")]
Customer = Annotated[
    str | None,
    typer.Option(
        "--customer", help="Only cases whose scene.customer contains TEXT: a segment's journey."
    ),
]


def _date(value: str | None, option: str) -> date | None:
    from ssvssj.errors import UsageError
    from ssvssj.i18n import tr
    from ssvssj.method.dates import DateError, parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as error:
        raise UsageError(
            tr("{option}: {reason}", "{option}：{reason}", option=option, reason=error)
        ) from None


def _filters(
    tag: str | None, since: str | None, until: str | None, min_count: int, customer: str | None
) -> "Filters":
    """The filters asked for; a window that ends before it starts is refused, as no case
    could pass it."""
    from ssvssj.errors import UsageError
    from ssvssj.journey.infer import Filters

    start, end = _date(since, "--since"), _date(until, "--until")
    if start is not None and end is not None and start > end:
        raise UsageError(
            tr(
                "--since {since} is after --until {until}: no case could pass",
                "--since {since} 晚于 --until {until}：没有案例能通过",
                since=start.isoformat(),
                until=end.isoformat(),
            )
        )
    return Filters(tag, start, end, min_count, customer)


def build_journey(
    ctx: typer.Context,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_count: int = 1,
    strict: bool = False,
    language: str | None = None,
    customer: str | None = None,
    document: bool = False,
) -> tuple["Workspace", "Journey"]:
    """The journey of the workspace's valid cases, following the agreed journey where there is
    one; emergent stages named in `language`, else, for a `document` (a report, whose language
    is its own option's), in the workspace's, else in the command's (--language, else the
    workspace's)."""
    from ssvssj.i18n import language as command_language
    from ssvssj.journey.infer import infer

    filters = _filters(tag, since, until, min_count, customer)
    workspace = open_workspace(ctx, strict=strict)
    journey = infer(
        workspace.cases,
        workspace.vocabulary,
        filters,
        language or (workspace.language if document else command_language()),
        workspace.agreed,
        workspace.causes,
    )
    if customer is not None and not journey.cases:
        empty_segment(customer)
    if (tag, since, until, min_count) == (None, None, None, 1):
        _keep_outline(workspace, journey, customer)
    return workspace, journey


def kept_journey(
    ctx: typer.Context,
    tag: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_count: int = 1,
    strict: bool = False,
    customer: str | None = None,
) -> "WorkspaceJourney":
    """The journey of the workspace's valid cases as `build_journey` infers it, its emergent
    stages named in the command's language: kept in the index under a hash of what it is made
    from, so that while that is unchanged a command reads it and renders (see
    store/journeys.py). Its cases are read only by a rendering that shows what they say."""
    from ssvssj.cli.common import tell_problems, workspace_root
    from ssvssj.cli.output import ProgressBar
    from ssvssj.i18n import language as command_language
    from ssvssj.store.journeys import workspace_journey

    filters = _filters(tag, since, until, min_count, customer)
    root = workspace_root(ctx)
    bar = ProgressBar(tr("loading cases", "正在读取案例"))
    try:
        found = workspace_journey(root, filters, command_language(), bar)
    finally:
        bar.close()
    tell_problems(found.problems, strict)
    if customer is not None and not found.journey.cases:
        empty_segment(customer)
    if not found.read_back and (tag, since, until, min_count) == (None, None, None, 1):
        keep_outline(root, found, customer)
    return found


def empty_segment(customer: str) -> None:
    from ssvssj.errors import UsageError

    raise UsageError(
        tr(
            "no case has a customer (scene.customer) containing '{text}': the segment is empty",
            "没有哪个案例的客户包含“{text}”：该客户细分为空",
            text=customer,
        )
    )


def keep_outline(root: Path, found: "WorkspaceJourney", customer: str | None) -> None:
    """The outline a case report in the journey's language reads (see `_keep_outline`), kept
    whenever the journey was made or read back for files that changed."""
    from ssvssj.reports.places import outline_json, outline_of
    from ssvssj.store.derived import keep
    from ssvssj.store.index import encode

    if found.inputs is None:
        return
    outline = outline_of(found.journey, found.name)
    body = encode(outline_json(outline)).encode("utf-8")
    question = outline_question(found.journey.language, customer)
    keep(root, found.inputs, question, body, found.problems)


def outline_question(language: str, customer: str | None) -> tuple[object, ...]:
    """What a kept case-report outline answers (see reports/places.py): the language is the
    one its stages are named in, so that a report finds only an outline in its own."""
    return ("case report outline", language, customer)


def _keep_outline(workspace: "Workspace", journey: "Journey", customer: str | None) -> None:
    """Whenever the whole journey (or a segment's) was inferred, its outline is kept: a case
    report afterwards then reads only its own case."""
    from ssvssj.reports.places import outline_json, outline_of
    from ssvssj.store.derived import keep
    from ssvssj.store.index import encode

    if workspace.inputs is None:
        return
    outline = outline_of(journey, workspace.config.name)
    body = encode(outline_json(outline)).encode("utf-8")
    question = outline_question(journey.language, customer)
    keep(workspace.root, workspace.inputs, question, body, workspace.problems)


@app.command("show")
def show(
    ctx: typer.Context,
    tag: Tag = None,
    since: Since = None,
    until: Until = None,
    min_count: MinCount = 1,
    strict: Strict = False,
    customer: Customer = None,
    as_json: Annotated[bool, typer.Option("--json", help="The journey JSON.")] = False,
) -> None:
    """Show the inferred journey: stages in order, touchpoints with pain, pathways, blind spots,
    and where the cases disagree with the agreed journey (journey.yaml).

    Example: ssvssj journey show --tag 销售 --since 2026-11-01
    """
    journey = kept_journey(ctx, tag, since, until, min_count, strict, customer).journey
    if as_json:
        from ssvssj.journey.exports import to_json

        _write(to_json(journey).encode("utf-8"))
        return
    from ssvssj.cli.journey_view import journey_renderables
    from ssvssj.cli.output import console
    from ssvssj.cli.workshop_view import agreement_renderables

    out = console()
    for renderable in [*journey_renderables(journey), *agreement_renderables(journey)]:
        out.print(renderable)


def _write(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _agreed_bytes(root: Path) -> bytes | None:
    """journey.yaml's bytes, None where there is none; one that is there but cannot be read
    (a FIFO, a folder, too large, a link leading out or nowhere) stops the command, read only
    as any workspace file is."""
    import os

    from ssvssj.errors import InvalidCase
    from ssvssj.journey.agreed import JOURNEY_FILE
    from ssvssj.store.listing import read_file

    path = root / JOURNEY_FILE
    if not os.path.lexists(path):
        return None
    raw, problems = read_file(path, JOURNEY_FILE)
    if raw is None:
        raise InvalidCase(
            tr(
                "{file} cannot be read; nothing was written",
                "无法读取 {file}；没有写入任何内容",
                file=JOURNEY_FILE,
            ),
            problems,
        )
    return raw


@app.command("accept")
def accept(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            help="Take stages and order from the inference, replacing what journey.yaml says."
        ),
    ] = False,
) -> None:
    """Write the journey as inferred now into journey.yaml: the agreed journey.

    On an existing file only new stages and touchpoints are added, each after its nearest
    predecessor, and validated_on moves to today; hand edits and comments stay.

    Example: ssvssj journey accept
    """
    from ssvssj.cli.output import console
    from ssvssj.errors import InvalidCase
    from ssvssj.i18n import tr
    from ssvssj.journey.agreed import JOURNEY_FILE, accepted_document, unnamed_stages
    from ssvssj.store.loading import read_mapping
    from ssvssj.store.store import save_agreed_journey
    from ssvssj.store.yamlread import ReadError
    from ssvssj.store.yamlwrite import dump_document, update_document

    workspace, journey = build_journey(ctx)
    original = _agreed_bytes(workspace.root)
    existing = None
    if original is not None:
        existing, problems = read_mapping(JOURNEY_FILE, original)
        own = [p for p in workspace.problems if p.file == JOURNEY_FILE]
        if force and (existing is None or own):
            existing = None
        elif existing is None or own:
            raise InvalidCase(
                tr(
                    "{file} has problems; fix them first, or replace it with --force",
                    "{file} 有问题；请先修正，或用 --force 覆盖",
                    file=JOURNEY_FILE,
                ),
                problems or own,
            )
    doc = accepted_document(journey, workspace.vocabulary, existing, review_date(workspace), force)
    try:
        data = dump_document(doc) if existing is None else update_document(original or b"", doc)
    except ReadError as error:
        from ssvssj.method.problems import Problem

        raise InvalidCase(
            tr(
                "{file} cannot be rewritten in place; fix it, or replace it with --force",
                "{file} 无法在原处改写；请先修正，或用 --force 覆盖",
                file=JOURNEY_FILE,
            ),
            [
                Problem(JOURNEY_FILE, line, None, message)
                for line, message in error.all_in(JOURNEY_FILE)
            ],
        ) from None
    save_agreed_journey(workspace.root, data, original)
    console(stderr=True).print(
        tr(
            "{file}: {stages} stages, {touchpoints} touchpoints, validated on {day}",
            "{file}：{stages} 个阶段，{touchpoints} 个触点，最近验证于 {day}",
            file=JOURNEY_FILE,
            stages=len(doc["stages"]),
            touchpoints=len(doc["order"]),
            day=doc["validated_on"].isoformat(),
        ),
        markup=False,
    )
    unnamed = unnamed_stages(journey)
    if unnamed:
        console(stderr=True).print(
            tr(
                "{count} unnamed stages left out of stages in {file}: {names}; name them"
                " with `stage:` in touchpoints.yaml and run `journey accept` again",
                "{count} 个未命名阶段未写入 {file} 的 `stages`：{names}；请在工作坊中为它们命名"
                "（touchpoints.yaml 的 `stage:`），再运行 `journey accept`",
                count=len(unnamed),
                names=joined(unnamed),
                file=JOURNEY_FILE,
            ),
            markup=False,
        )


def review_date(workspace: "Workspace") -> date:
    """Today as the format defines it: `as_of`, else the newest `updated`, never the clock."""
    from ssvssj.cli.common import today

    if workspace.config.as_of is not None:
        return workspace.config.as_of
    return max((case.last_updated for case in workspace.cases), default=today())


@app.command("variants")
def variants(
    ctx: typer.Context,
    top: Annotated[int, typer.Option("--top", min=1, help="How many variants to show.")] = 10,
    customer: Customer = None,
    tag: Tag = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """The most frequent distinct paths (after aliasing), with counts and share of cases.

    Example: ssvssj journey variants --top 5
    """
    from ssvssj.cli.output import console, emit_json
    from ssvssj.cli.workshop_view import variants_table
    from ssvssj.journey.variants import variants_data

    journey = kept_journey(ctx, tag, customer=customer).journey
    if as_json:
        emit_json("journey-variants", variants_data(journey, top))
        return
    console().print(variants_table(journey, top))


@app.command("gaps")
def gaps(
    ctx: typer.Context,
    customer: Customer = None,
    tag: Tag = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """The observation plan: where to observe next, most valuable first, each with why.

    Example: ssvssj journey gaps
    """
    from ssvssj.cli.output import console, emit_json
    from ssvssj.cli.workshop_view import plan_table
    from ssvssj.journey.gaps import observation_plan, plan_data

    journey = kept_journey(ctx, tag, customer=customer).journey
    plan = observation_plan(journey)
    if as_json:
        emit_json("journey-gaps", plan_data(plan))
        return
    console().print(plan_table(plan))


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="The output format.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
    tag: Tag = None,
    since: Since = None,
    until: Until = None,
    min_count: MinCount = 1,
    strict: Strict = False,
    customer: Customer = None,
    size: Annotated[
        PageSize,
        typer.Option("--size", case_sensitive=False, help="Page of the svg/html map, landscape."),
    ] = PageSize.A3,
) -> None:
    """Export the journey for a workshop: mermaid, mermaid-journey, dot, graphml, json, csv;
    blueprint (a service blueprint: CSV, or .xlsx when -o ends in .xlsx); svg and html (a
    printable journey map).

    Example: ssvssj journey export --format svg --size A2 -o journey-map.svg
    """
    if fmt.value == "blueprint" and output is not None and output.suffix.lower() == ".xlsx":
        _export_xlsx(ctx, output, tag, since, until, min_count, strict, customer)
        return
    if fmt.value == "blueprint":
        _export_blueprint(ctx, output, tag, since, until, min_count, strict, customer)
        return
    data = _export_bytes(ctx, fmt.value, tag, since, until, min_count, strict, customer, size.value)
    if fmt.value in ("svg", "html"):
        _warn_shortened(data, size.value)
    from ssvssj.cli.output import deliver

    deliver(data, output)


def _warn_shortened(data: bytes, size: str) -> None:
    """Say when the map had to cut names short, and how to see them whole."""
    from ssvssj.cli.output import console
    from ssvssj.journey.exports import SIZES
    from ssvssj.journey.map_layout import shortened_names

    count = shortened_names(data.decode("utf-8"))
    if not count:
        return
    larger = SIZES[SIZES.index(size) + 1 :]
    told = (
        tr(
            "{count} names were shortened to fit the {size} page (each keeps its full name as"
            " the box's tooltip); a larger page shows them whole: --size {larger}",
            "{count} 个名称因 {size} 版面不足被截短（完整名称保留在方框的悬停提示中）；"
            "更大的版面可完整显示：--size {larger}",
            count=count,
            size=size,
            larger=larger[0],
        )
        if larger
        else tr(
            "{count} names were shortened even on the {size} page (each keeps its full name as"
            " the box's tooltip)",
            "{count} 个名称在 {size} 版面上仍被截短（完整名称保留在方框的悬停提示中）",
            count=count,
            size=size,
        )
    )
    console(stderr=True).print(told, markup=False)


def _export_bytes(
    ctx: typer.Context,
    fmt: str,
    tag: str | None,
    since: str | None,
    until: str | None,
    min_count: int,
    strict: bool,
    customer: str | None,
    size: str,
) -> bytes:
    """The export's bytes. What the map, the blueprint and the Mermaid journey show of the
    cases comes from parts kept per touchpoint (see store/parts.py)."""
    from ssvssj.cli.common import workspace_root
    from ssvssj.journey.exports import export as render
    from ssvssj.store.parts import kept_parts

    found = kept_journey(ctx, tag, since, until, min_count, strict, customer)
    parts = kept_parts(workspace_root(ctx), found)
    # CSV goes out with a BOM, so that Excel reads Chinese; encoded with it in one pass.
    codec = "utf-8-sig" if fmt == "csv" else "utf-8"
    return render(found.journey, fmt, found.name, size, parts).encode(codec)


def _export_blueprint(
    ctx: typer.Context,
    output: Path | None,
    tag: str | None,
    since: str | None,
    until: str | None,
    min_count: int,
    strict: bool,
    customer: str | None,
) -> None:
    """The blueprint's CSV, with a BOM so that Excel reads Chinese, encoded and written a piece
    at a time as it is made (the sheet of 100,000 cases is about 100 MB): to standard output
    as it goes, or gathered as bytes for the file `-o` names."""
    import codecs
    import io

    from ssvssj.cli.common import workspace_root
    from ssvssj.journey.blueprint import blueprint_text
    from ssvssj.store.files import write_output
    from ssvssj.store.parts import kept_parts

    found = kept_journey(ctx, tag, since, until, min_count, strict, customer)
    pieces = blueprint_text(found.journey, kept_parts(workspace_root(ctx), found))

    def write(sink: BinaryIO) -> None:
        sink.write(codecs.BOM_UTF8)
        for piece in pieces:
            sink.write(piece.encode())

    if output is None or str(output) == "-":
        write(sys.stdout.buffer)
        sys.stdout.flush()
        return
    sheet = io.BytesIO()
    write(sheet)
    write_output(output, sheet.getvalue())


def _export_xlsx(
    ctx: typer.Context,
    output: Path,
    tag: str | None,
    since: str | None,
    until: str | None,
    min_count: int,
    strict: bool,
    customer: str | None,
) -> None:
    from ssvssj.cli.common import workspace_root
    from ssvssj.errors import UsageError
    from ssvssj.i18n import tr
    from ssvssj.journey.blueprint import blueprint_rows, to_blueprint_xlsx
    from ssvssj.store.files import write_output
    from ssvssj.store.parts import kept_parts

    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise UsageError(
            tr("writing .xlsx needs openpyxl", "写入 `.xlsx` 需要 `openpyxl`"),
            tr(
                "pip install 'ssvssj[xlsx]', or write a .csv",
                "可运行 `pip install 'ssvssj[xlsx]'`，或写成 CSV",
            ),
        ) from None
    found = kept_journey(ctx, tag, since, until, min_count, strict, customer)
    rows = blueprint_rows(found.journey, kept_parts(workspace_root(ctx), found))
    write_output(output, to_blueprint_xlsx(rows, found.name))


def touchpoints(
    ctx: typer.Context,
    suggest: Annotated[
        bool, typer.Option(help="Propose likely aliases to merge, as a touchpoints.yaml snippet.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List touchpoints with case counts and the spellings seen; --suggest proposes aliases.

    Example: ssvssj touchpoints --suggest
    """
    if suggest:
        workspace, journey = build_journey(ctx)
        _show_suggestions(workspace, journey, as_json)
        return
    from ssvssj.cli.journey_view import nothing_to_show, touchpoint_row, touchpoint_table
    from ssvssj.cli.output import console, json_text

    journey = kept_journey(ctx).journey
    if as_json:
        rows = [touchpoint_row(t) for t in journey.touchpoints]
        _write(json_text("touchpoints", {"touchpoints": rows}).encode("utf-8"))
        return
    if not journey.touchpoints:
        console().print(nothing_to_show(), style="yellow", markup=False)
        return
    console().print(touchpoint_table(journey))


def _show_suggestions(workspace: "Workspace", journey: "Journey", as_json: bool) -> None:
    from ssvssj.journey.suggest import snippet, suggest_aliases

    found = suggest_aliases(journey, workspace.vocabulary)
    _print_suggestions(
        found,
        as_json,
        "alias-suggestions",
        tr("no likely aliases found", "没有发现可能重复的触点写法"),
        tr("Likely aliases", "可能是同一触点的写法"),
        tr(
            "# paste into touchpoints.yaml (nothing was changed):",
            "# 可粘贴到触点词表 touchpoints.yaml（没有改动任何文件）：",
        ),
        lambda: snippet(found, workspace.vocabulary),
    )


def _print_suggestions(
    found: "list[Suggestion]",
    as_json: bool,
    kind: str,
    none_found: str,
    title: str,
    paste_hint: str,
    paste: "Callable[[], dict[str, object]]",
) -> None:
    """Likely aliases as a table and a snippet to paste into a vocabulary file (or JSON): the
    same for touchpoints and for root causes."""
    from ssvssj.cli.journey_view import suggestion_table
    from ssvssj.cli.output import console, emit_json
    from ssvssj.store.yamlwrite import dump_document

    if as_json:
        rows = [{"keep": s.keep, "alias": s.alias, "reasons": list(s.reasons)} for s in found]
        emit_json(kind, {"suggestions": rows})
        return
    out = console()
    if not found:
        out.print(none_found, markup=False)
        return
    out.print(suggestion_table(found, title))
    out.print(paste_hint, markup=False)
    typer.echo(dump_document(paste()).decode("utf-8"), nl=False)


def causes(
    ctx: typer.Context,
    suggest: Annotated[
        bool, typer.Option(help="Propose likely aliases to merge, as a causes.yaml snippet.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """List root causes across cases (split[].cause through causes.yaml): cases, touchpoints,
    the solutions that address them; --suggest proposes aliases to merge.

    Example: ssvssj causes --suggest
    """
    from ssvssj.cli.journey_view import cause_row, cause_table
    from ssvssj.cli.output import console, emit_json
    from ssvssj.i18n import tr

    if suggest:
        workspace, journey = build_journey(ctx)
        _show_cause_suggestions(workspace, journey, as_json)
        return
    journey = kept_journey(ctx).journey
    if as_json:
        emit_json("causes", {"causes": [cause_row(c) for c in journey.causes]})
        return
    out = console()
    if not journey.causes:
        out.print(
            tr(
                "no root causes yet: write them as `cause:` on details in split",
                "还没有根因：请在拆解细节时填写 `cause:`",
            ),
            markup=False,
        )
        return
    out.print(cause_table(journey.causes))


def _show_cause_suggestions(workspace: "Workspace", journey: "Journey", as_json: bool) -> None:
    from ssvssj.journey.suggest import cause_snippet, suggest_cause_aliases

    found = suggest_cause_aliases(journey.causes, workspace.causes)
    _print_suggestions(
        found,
        as_json,
        "cause-suggestions",
        tr("no likely aliases found", "没有发现可能的别名"),
        tr("Likely aliases of a cause", "可能是同一根因的写法"),
        tr(
            "# paste into causes.yaml (nothing was changed):",
            "# 可粘贴到根因词表 causes.yaml（没有改动任何文件）：",
        ),
        lambda: cause_snippet(found, workspace.causes),
    )
