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
from ssvssj.method.terms import term
from ssvssj.reports.catalog import CATALOGS
from ssvssj.reports.markdown import cell, inline

REPORTS = ("case", "portfolio", "journey", "index", "progress")
LANGUAGES = ("zh", "en")

# Punctuation around the report's own words, so that one template serves both languages.
PUNCTUATION: dict[str, dict[str, str]] = {
    "en": {"colon": ": ", "comma": ", ", "listsep": ", ", "open": " (", "close": ")"},
    "zh": {"colon": "：", "comma": "，", "listsep": "、", "open": "（", "close": "）"},
}


def packaged_templates() -> Path:
    """The templates inside the installed package, or the checkout's top-level templates/: one
    set for every language, its words looked up in the language's catalog."""
    inside = Path(str(files("ssvssj"))) / "templates"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent.parent / "templates"


def _severity(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@cache
def _packaged_loader() -> FileSystemLoader:
    return FileSystemLoader(str(packaged_templates()))


@lru_cache(maxsize=8)
def environment(language: str, workspace_templates: Path | None) -> SandboxedEnvironment:
    """One environment per language and template folder: templates compile once, and Jinja
    reloads a template whose file changed. A workspace's `templates/<language>/` overrides its
    `templates/`, which overrides the packaged set."""
    loaders = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(
            FileSystemLoader([str(workspace_templates / language), str(workspace_templates)])
        )
    loaders.append(_packaged_loader())
    env = SandboxedEnvironment(
        extensions=["jinja2.ext.i18n"],
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    catalog = CATALOGS[language]
    marks = PUNCTUATION[language]

    def gettext(message: str) -> str:
        return catalog.get(message, message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        colon=marks["colon"],
        comma=marks["comma"],
        listsep=marks["listsep"],
        paren=lambda text: f"{marks['open']}{text}{marks['close']}",
    )
    env.filters["md"] = inline
    env.filters["cell"] = cell
    env.filters["label"] = lambda value, kind=None: term(value, language, kind)
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
