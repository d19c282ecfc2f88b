"""Markdown reports through Jinja2 templates: packaged ones, or the workspace's own.

Every template renders in Jinja2's sandbox with StrictUndefined: a workspace comes from other
people's repos, and a typo in a template must be an error with its file and line.
"""

from __future__ import annotations

import re
import sys
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from ssvssj.errors import TemplateError
from ssvssj.reports.markdown import cell, inline

REPORTS = ("case", "portfolio", "journey", "index")
LANGUAGES = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "spot": "发现",
        "scene": "场景",
        "view": "视角",
        "split": "拆解",
        "solve": "解决",
        "open": "进行中",
        "solved": "已解决",
        "verified": "已验证",
        "dropped": "已放弃",
        "proposed": "提议",
        "doing": "推进中",
        "done": "已完成",
        "low": "低",
        "medium": "中",
        "high": "高",
        "touchpoint": "接触点",
        "pathway": "通路",
        "delivery": "交付",
        "ecosystem": "生态",
        "empathy": "共鸣",
        "customer": "客户",
        "frontline": "一线",
        "management": "管理层",
        "partner": "伙伴",
        "touchpoints": "触点",
        "pathways": "通路",
        "scenarios": "场景",
        "pains": "痛点",
    },
    "en": {
        "spot": "Spot",
        "scene": "Scene",
        "view": "View",
        "split": "Split",
        "solve": "Solve",
        "open": "open",
        "solved": "solved",
        "verified": "verified",
        "dropped": "dropped",
        "proposed": "proposed",
        "doing": "doing",
        "done": "done",
        "low": "low",
        "medium": "medium",
        "high": "high",
        "touchpoint": "touchpoint",
        "pathway": "pathway",
        "delivery": "delivery",
        "ecosystem": "ecosystem",
        "empathy": "empathy",
        "customer": "customer",
        "frontline": "frontline",
        "management": "management",
        "partner": "partner",
        "touchpoints": "touchpoints",
        "pathways": "pathways",
        "scenarios": "scenarios",
        "pains": "pains",
    },
}


def packaged_templates() -> Path:
    """The templates inside the installed package, or the checkout's top-level templates/."""
    inside = Path(str(files("ssvssj"))) / "templates"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent.parent / "templates"


def _severity(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@cache
def _packaged_loader(language: str) -> FileSystemLoader:
    return FileSystemLoader(str(packaged_templates() / language))


@lru_cache(maxsize=8)
def environment(language: str, workspace_templates: Path | None) -> SandboxedEnvironment:
    """One environment per language and template folder: templates compile once, and Jinja
    reloads a template whose file changed."""
    loaders = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(
            FileSystemLoader([str(workspace_templates / language), str(workspace_templates)])
        )
    loaders.append(_packaged_loader(language))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    labels = LABELS[language]
    env.filters["md"] = inline
    env.filters["cell"] = cell
    env.filters["label"] = lambda value: labels.get(str(value), str(value))
    env.filters["sev"] = _severity
    return env


def render(
    report: str,
    context: dict[str, Any],
    language: str,
    workspace_templates: Path | None = None,
) -> str:
    """One report as Markdown text, tidied so that the same input gives the same bytes."""
    name = f"{report}.md.j2"
    env = environment(language, workspace_templates)
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except TemplateNotFound as error:
        raise TemplateError(f"template not found: {error.name}") from None
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateError(f"{where}: template syntax: {error.message}") from None
    except Exception as error:  # a template is code from the workspace: say where it failed
        where = _template_line(sys.exc_info()[2], name)
        kind = "" if isinstance(error, JinjaError) else f"{type(error).__name__}: "
        raise TemplateError(f"{where}: {kind}{error}") from None
    return tidy(text)


def _template_line(trace: TracebackType | None, fallback: str) -> str:
    """Jinja puts the template's own file and line into the traceback; find the last one."""
    found = fallback
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{trace.tb_lineno}"
        trace = trace.tb_next
    return found


_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def tidy(text: str) -> str:
    """One blank line at most, no trailing spaces, exactly one newline at the end."""
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"
