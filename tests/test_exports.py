"""Workshop exports: golden bytes for the example, and the real tools accept hostile names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from ssvssj.cli.journey import ExportFormat
from ssvssj.journey.exports import FORMATS, mermaid_text, to_csv
from ssvssj.journey.infer import infer
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.models import Case
from tests.conftest import Cli
from tests.golden import assert_golden
from tests.validators import graphviz_dot, mermaid_journey, mermaid_parse

SUFFIX = {
    "mermaid": "mmd",
    "mermaid-journey": "journey.mmd",
    "dot": "dot",
    "graphml": "graphml",
    "json": "json",
    "csv": "csv",
    "blueprint": "blueprint.csv",
    "svg": "svg",
    "html": "html",
}

HOSTILE = [
    "官网|首页",
    '前台 "VIP"',
    "展厅[新]",
    "<script>alert(1)</script>",
    "报价; 议价",
    "#1 试驾",
    "end",
    "subgraph",
    "click",
    "default",
    "graph",
    "金融:方案",
    "交车 `仪式`",
    "售后{维修}",
    "A -> B",
    "=HYPERLINK(1)",
    "a\\b",
    "签约 & 付款",
]


def test_export_choices_match_the_formats() -> None:
    assert tuple(f.value for f in ExportFormat) == FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_of_the_example_matches_its_golden_file(cli_example: Cli, fmt: str) -> None:
    first = cli_example("journey", "export", "--format", fmt).stdout_bytes
    second = cli_example("journey", "export", "--format", fmt).stdout_bytes
    assert first == second
    assert_golden(f"journey.{SUFFIX[fmt]}", first)


def test_json_has_exactly_the_interchange_fields(cli_example: Cli) -> None:
    data = json.loads(cli_example("journey", "export", "--format", "json").stdout)
    assert list(data) == ["schema_version", "cases", "stages", "touchpoints", "pathways", "causes"]
    assert data["cases"] == 17
    assert list(data["stages"][0]) == ["name", "order", "touchpoints", "agreed", "elements"]
    assert list(data["stages"][0]["elements"]) == ["touchpoints", "pathways", "scenes", "pains"]
    assert list(data["touchpoints"][0]) == [
        "name",
        "stage",
        "order",
        "cases",
        "open",
        "severity",
        "aliases_seen",
        "gains",
        "touched",
        "blind",
        "owner",
        "channel",
        "key",
        "promise",
    ]
    assert list(data["pathways"][0]) == ["from", "to", "count", "problems"]
    orders = [t["order"] for t in data["touchpoints"]]
    assert orders == list(range(len(orders)))
    desk = next(t for t in data["touchpoints"] if t["name"] == "门店接待台")
    assert desk["aliases_seen"] == ["前台", "接待台"]
    assert (desk["stage"], desk["cases"], desk["open"]) == ("到店", 3, 0)


def test_export_to_a_file_and_csv_starts_with_a_bom(cli_example: Cli, tmp_path: Path) -> None:
    target = tmp_path / "journey.csv"
    cli_example("journey", "export", "--format", "csv", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "序",
        "阶段",
        "触点",
        "案例",
        "未解决",
        "平均严重程度",
        "其他写法",
        "体验维度",
        "亮点",
        "负责部门",
        "关键时刻",
        "品牌主张",
    ]

    assert len(rows) == 1 + 13
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 14)]


def hostile_journey():  # type: ignore[no-untyped-def]
    cases = []
    for index, name in enumerate(HOSTILE):
        following = HOSTILE[(index + 1) % len(HOSTILE)]
        cases.append(
            Case.model_validate(
                {
                    "schema_version": 1,
                    "id": f"20261102-{index:04d}",
                    "title": name,
                    "created": "2026-11-02",
                    "spot": {"touchpoint": name, "problem": name, "severity": index % 5 + 1},
                    "scene": {"customer": f"客户, {name}", "path": [name, following]},
                }
            )
        )
    return infer(cases, Vocabulary(), language="zh")


@pytest.fixture
def hostile_exports(tmp_path: Path) -> dict[str, Path]:
    from ssvssj.journey.exports import export

    journey = hostile_journey()
    paths = {}
    for fmt in FORMATS:
        path = tmp_path / f"hostile.{SUFFIX[fmt]}"
        path.write_text(export(journey, fmt, 'Title: #1; "end" <b>'), encoding="utf-8")
        paths[fmt] = path
    return paths


def test_graphviz_accepts_hostile_names(hostile_exports: dict[str, Path]) -> None:
    result = graphviz_dot(hostile_exports["dot"])
    assert result.returncode == 0, result.stderr
    assert "<script>" not in result.stdout
    assert "&lt;script&gt;" in result.stdout


def test_mermaid_parses_hostile_names(hostile_exports: dict[str, Path]) -> None:
    result = mermaid_parse(hostile_exports["mermaid"], hostile_exports["mermaid-journey"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok " in result.stdout


def journey_walking(names: list[str], language: str):  # type: ignore[no-untyped-def]
    """A journey in which each name is the touchpoint of a case of its own, and every case
    walks through all the names in order."""
    cases = [
        Case.model_validate(
            {
                "schema_version": 1,
                "id": f"20261102-{index:04d}",
                "title": "t",
                "created": "2026-11-02",
                "spot": {"touchpoint": name, "problem": "p", "severity": 3},
                "scene": {"path": names},
            }
        )
        for index, name in enumerate(names)
    ]
    return infer(cases, Vocabulary(), language=language)


JOURNEY_WORDS = ["A", "%%note", "%x", "a%%b", "title y", "Section z", "journey x", ": c", "B"]


def test_every_touchpoint_stays_a_task_of_the_mermaid_journey(tmp_path: Path) -> None:
    """`%%` where a task starts made Mermaid read the line as a comment: the task vanished."""
    from ssvssj.journey.exports import export

    journey = journey_walking(JOURNEY_WORDS, "en")
    path = tmp_path / "words.journey.mmd"
    path.write_text(export(journey, "mermaid-journey", ""), encoding="utf-8")
    read = mermaid_journey(path)
    assert sorted(read["tasks"]) == sorted(JOURNEY_WORDS)
    assert read["sections"] == [stage.name for stage in journey.stages]
    assert read["title"] == ""


@pytest.mark.parametrize("fmt", ["dot", "svg", "graphml"])
def test_a_written_entity_stays_the_text_written(tmp_path: Path, fmt: str) -> None:
    """Graphviz read `u&amp;v` in a DOT label as the entity: the touchpoint showed as `u&v`."""
    from xml.etree import ElementTree

    from ssvssj.journey.exports import export

    names = ["u&amp;v", "a&b", "x&#35;y"]
    path = tmp_path / f"names.{SUFFIX[fmt]}"
    path.write_text(export(journey_walking(names, "en"), fmt, ""), encoding="utf-8")
    if fmt == "dot":
        result = graphviz_dot(path)
        assert result.returncode == 0, result.stderr
        drawn = ElementTree.fromstring(result.stdout)
    else:
        drawn = ElementTree.parse(path).getroot()
    texts = " ".join("".join(element.itertext()) for element in drawn.iter())
    for name in names:
        assert name in texts


def test_mermaid_parser_rejects_a_broken_diagram(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mmd"
    broken.write_text("flowchart LR\n  a --> end\n", encoding="utf-8")
    result = mermaid_parse(broken)
    assert result.returncode == 1
    assert "FAIL" in result.stdout


def test_graphml_reads_back_with_every_node_edge_and_attribute(
    hostile_exports: dict[str, Path],
) -> None:
    journey = hostile_journey()
    graph = nx.read_graphml(hostile_exports["graphml"])
    assert graph.number_of_nodes() == len(journey.touchpoints)
    assert graph.number_of_edges() == len(journey.pathways)
    labels = sorted(data["label"] for _, data in graph.nodes(data=True))
    assert labels == sorted(HOSTILE)
    node = graph.nodes["n1"]
    assert {"stage", "order", "cases", "open", "severity"} <= set(node)


def test_csv_reads_back_and_defuses_formulas(hostile_exports: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(hostile_exports["csv"].read_text(encoding="utf-8"))))
    names = {row["触点"] for row in rows}
    assert "'=HYPERLINK(1)" in names
    assert "官网|首页" in names and '前台 "VIP"' in names


def test_hostile_text_becomes_mermaid_entities() -> None:
    assert mermaid_text('a"b|c#d;e') == "a#quot;b#124;c#35;d#59;e"
    assert mermaid_text("多行\n文本") == "多行 文本"


def test_journey_scores_come_from_open_pains_and_gains(cli_example: Cli) -> None:
    tasks = dict(
        line.strip().split(": ")[:2]
        for line in cli_example("journey", "export", "-f", "mermaid-journey").stdout.splitlines()
        if line.startswith("    ")
    )
    assert tasks["预约试驾（证据待补充）"] == "3"
    assert tasks["签约"] == "1"
    assert tasks["门店接待台"] == "4"
    assert tasks["在线咨询"] == "5"  # a gain there and no open pain
    assert [name for name, score in tasks.items() if score == "5"] == ["在线咨询", "试驾"]


def test_csv_has_one_row_per_touchpoint() -> None:
    journey = hostile_journey()
    assert to_csv(journey).count("\r\n") == 1 + len(journey.touchpoints)


CONTROL_NAMES = [
    "前\x00台",
    "\x1b]0;pwned\x07展厅",
    "试\x08驾",
    "报价\x1b[2J",
    "门店\ufffe",
    "到店\uffff",
]


def test_control_characters_never_reach_an_export(tmp_path: Path) -> None:
    from xml.etree import ElementTree

    from ssvssj.journey.exports import export

    journey = journey_walking(CONTROL_NAMES, "zh")
    not_xml = {chr(c) for c in [*range(0, 9), *range(11, 13), *range(14, 32), 0xFFFE, 0xFFFF]}
    for fmt in ("mermaid", "mermaid-journey", "dot", "graphml", "csv", "svg", "html"):
        text = export(journey, fmt, "标题\x1b]0;x\x07\ufffe")
        assert not set(text) & not_xml, fmt
    ElementTree.fromstring(export(journey, "svg", "t\uffff").encode("utf-8"))
    graphml = tmp_path / "control.graphml"
    graphml.write_text(export(journey, "graphml", "t"), encoding="utf-8")
    ElementTree.parse(graphml)
    assert nx.read_graphml(graphml).number_of_nodes() == len(CONTROL_NAMES)
    dot = tmp_path / "control.dot"
    dot.write_text(export(journey, "dot", "t"), encoding="utf-8")
    result = graphviz_dot(dot)
    assert result.returncode == 0, result.stderr


def networkx_graphml(journey, title: str) -> str:  # type: ignore[no-untyped-def]
    """The journey as networkx's own GraphML writer lays it out: what the export reproduces
    without importing networkx."""
    from xml.etree import ElementTree

    from ssvssj.journey.exports import node_ids, one_line
    from ssvssj.journey.xmltext import printable

    ids = node_ids(journey)
    graph = nx.DiGraph(name=one_line(title))
    for tp in journey.touchpoints:
        graph.add_node(
            ids[tp.name],
            label=printable(tp.name),
            stage=printable(tp.stage),
            order=tp.order,
            cases=len(tp.cases),
            open=tp.open,
            severity=tp.severity if tp.severity is not None else 0.0,
            aliases_seen=printable("; ".join(tp.aliases_seen)),
            lenses="; ".join(tp.lenses),
            gains=len(tp.gains),
            touched=len(tp.touched),
            blind=tp.blind,
            owner=tp.owner or "",
            channel=tp.channel or "",
            key=bool(tp.key),
            promise=tp.promise or "",
        )
    for p in journey.pathways:
        graph.add_edge(
            ids[p.source],
            ids[p.target],
            count=p.count,
            cases="; ".join(p.cases),
            problems=len(p.problems),
            problem_cases="; ".join(p.problems),
        )
    writer = nx.readwrite.graphml.GraphMLWriter(encoding="utf-8")
    writer.add_graph_element(graph)
    buffer = io.BytesIO()
    writer.indent(writer.xml)
    ElementTree.ElementTree(writer.xml).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


@pytest.mark.parametrize(
    ("names", "title"),
    [
        (HOSTILE, 'Title: #1; "end" <b>'),
        (CONTROL_NAMES, "\x1b[2J 标题\t&"),
        (["前台", "展厅", "试驾", "前台"], ""),
        (["a&b", "<x>", "c>d"], "t\udcff & <\r>"),
    ],
)
def test_graphml_is_laid_out_as_networkx_writes_it(names: list[str], title: str) -> None:
    from ssvssj.journey.exports import to_graphml

    for journey in (journey_walking(list(dict.fromkeys(names)), "zh"), hostile_journey()):
        assert to_graphml(journey, title) == networkx_graphml(journey, title)
