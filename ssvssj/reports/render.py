"""Markdown reports through Jinja2 templates: packaged ones, or the workspace's own.

Every template renders in Jinja2's sandbox with StrictUndefined: a workspace comes from other
people's repos, and a typo in a template must be an error with its file and line.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import TemplateError as JinjaError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ssvssj.confine import MAX_FILE_BYTES, leads_out
from ssvssj.errors import TemplateError
from ssvssj.i18n import os_reason, tr
from ssvssj.method.terms import term
from ssvssj.reports import bounds
from ssvssj.reports.bounds import BoundedSandbox, bound_filters
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


class _WorkspaceLoader(FileSystemLoader):
    """A workspace's own templates: only regular files that stay inside the workspace, and
    never a walk of the folder (`templates` could be a link to `/`)."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__([str(folder) for folder in folders])
        self.root = folders[-1].parent
        if leads_out(self.root, folders[-1]):
            raise TemplateError(_link_message(folders[-1].name))

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            candidate = Path(folder, *split_template_path(template))
            if not os.path.lexists(candidate):
                continue
            shown = candidate.relative_to(self.root).as_posix()
            if leads_out(self.root, candidate):
                raise TemplateError(_link_message(shown))
            try:
                info = candidate.stat()
                return self._read(environment, template, shown, info)
            except OSError as error:
                raise TemplateError(_unread(shown, os_reason(error))) from None
            except UnicodeDecodeError:
                raise TemplateError(
                    _unread(shown, tr("it is not UTF-8 text", "不是 UTF-8 文本"))
                ) from None
        return super().get_source(environment, template)

    def _read(
        self, environment: Environment, template: str, shown: str, info: os.stat_result
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, once its file is known to be one that may be read."""
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            raise TemplateError(
                tr(
                    "{file}: not a regular file, or larger than {limit}",
                    "{file}：不是普通文件，或大于 {limit}",
                    file=shown,
                    limit=f"{MAX_FILE_BYTES // 1_048_576} MiB",
                )
            )
        return super().get_source(environment, template)

    def list_templates(self) -> list[str]:
        return []


def _unread(rel: str, reason: str) -> str:
    return tr(
        "{file}: cannot read the template: {reason}",
        "{file}：无法读取模板：{reason}",
        file=rel,
        reason=reason,
    )


def _link_message(rel: str) -> str:
    return tr(
        "{file} is a symbolic link leading out of the workspace; templates are read only "
        "from inside it",
        "{file} 是指向工作区之外的符号链接；模板只从工作区内读取",
        file=rel,
    )


@lru_cache(maxsize=8)
def environment(language: str, workspace_templates: Path | None) -> SandboxedEnvironment:
    """One environment per language and template folder: templates compile once, and Jinja
    reloads a template whose file changed. A workspace's `templates/<language>/` overrides its
    `templates/`, which overrides the packaged set."""
    loaders: list[BaseLoader] = []
    if workspace_templates is not None and workspace_templates.is_dir():
        loaders.append(_WorkspaceLoader([workspace_templates / language, workspace_templates]))
    loaders.append(_packaged_loader())
    sandbox = BoundedSandbox if len(loaders) > 1 else SandboxedEnvironment
    env = sandbox(
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
    if language == "zh":
        env.globals["_"] = env.globals["gettext"] = _spaced(gettext)
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
    env.filters["rating"] = lambda value: (
        term("unrated", language, "severity") if value is None else str(value)
    )
    if isinstance(env, BoundedSandbox):
        bound_filters(env)
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
        if isinstance(env, BoundedSandbox):
            with bounds.budget(bounds.TIME_BUDGET, context):
                text = bounds.bounded_text(template.generate(**context))
        else:
            text = template.render(**context)
    except bounds.OverBudget as error:
        where = _template_line(sys.exc_info()[2], name)
        if str(error) == "size":
            raise TemplateError(
                tr(
                    "{where}: the template wrote more than {limit} characters; stopped",
                    "{where}：模板输出超过 {limit} 个字符，已停止",
                    where=where,
                    limit=f"{bounds.MAX_OUTPUT:,}",
                )
            ) from None
        raise TemplateError(
            tr(
                "{where}: the template ran longer than {seconds} s; stopped",
                "{where}：模板运行超过 {seconds} 秒，已停止",
                where=where,
                seconds=f"{bounds.TIME_BUDGET:g}",
            )
        ) from None
    except RecursionError:
        raise TemplateError(
            tr(
                "{where}: the template calls itself too deeply; stopped",
                "{where}：模板调用自身的层数过多，已停止",
                where=_template_line(sys.exc_info()[2], name),
            )
        ) from None
    except TemplateNotFound as error:
        raise TemplateError(
            tr(
                "{where}: template not found: {name}",
                "{where}：找不到模板 {name}",
                where=_template_line(sys.exc_info()[2], name),
                name=error.name,
            )
        ) from None
    except TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateError(_syntax_problem(where, error.message or "")) from None
    except TemplateError:
        raise  # a template that cannot be read (see _WorkspaceLoader) says why itself
    except Exception as error:  # a template is code from the workspace: say where it failed
        where = _template_line(sys.exc_info()[2], name)
        raise TemplateError(_run_problem(where, error)) from None
    return tidy(text)


def may_read(report: str, name: str, language: str, workspace_templates: Path | None) -> bool:
    """Whether the template of `report` may read the variable `name`: it names it, or it
    reaches other templates (which see the same variables), or it cannot be read (rendering
    then tells why)."""
    from jinja2 import meta

    env = environment(language, workspace_templates)
    try:
        assert env.loader is not None
        source, _, _ = env.loader.get_source(env, f"{report}.md.j2")
        tree = env.parse(source)
        reaches = next(iter(meta.find_referenced_templates(tree)), False) is not False
        return reaches or name in meta.find_undeclared_variables(tree)
    except (JinjaError, TemplateError, OSError, RecursionError):
        return True


_NO_FILTER = re.compile(r"No (filter|test) named '([^']*)'")
_UNDEFINED = re.compile(r"^'([^']*)' is undefined$")
_NO_ELEMENT = re.compile(r"object has no element (.+)$")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']*)'")
_UNSAFE = re.compile(r"access to attribute '([^']*)'")


def _spaced(gettext: Callable[[str], str]) -> Callable[..., str]:
    """A template's Chinese message with its fields spaced as `tr` spaces them."""
    from jinja2 import pass_context

    from ssvssj.i18n import fill_chinese_percent

    @pass_context
    def spaced(_context: object, message: str, **variables: object) -> str:
        return fill_chinese_percent(gettext(message), variables)

    return spaced


def _syntax_problem(where: str, said: str) -> str:
    """A template that does not compile, in the reader's language (Jinja's own text is English)."""
    found = _NO_FILTER.search(said)
    if found and found.group(1) == "filter":
        return tr(
            "{where}: there is no filter named “{name}”",
            "{where}：没有名为“{name}”的过滤器",
            where=where,
            name=found.group(2),
        )
    if found:
        return tr(
            "{where}: there is no test named “{name}”",
            "{where}：没有名为“{name}”的测试",
            where=where,
            name=found.group(2),
        )
    return tr(
        "{where}: template syntax: {said}",
        "{where}：模板语法错误（原文：`{said}`）",
        where=where,
        said=said,
    )


def _run_problem(where: str, error: Exception) -> str:
    """A template that failed while it ran: each kind of failure in the reader's language."""
    from jinja2.exceptions import SecurityError, UndefinedError

    said = str(error)
    if isinstance(error, UndefinedError):
        undefined = _UNDEFINED.search(said)
        if undefined:
            return tr(
                "{where}: “{name}” is undefined in this report",
                "{where}：这份报告中没有“{name}”",
                where=where,
                name=undefined.group(1),
            )
        element = _NO_ELEMENT.search(said)
        if element:
            return tr(
                "{where}: the list has no item {index}",
                "{where}：列表中没有第 {index} 项（从 0 数起）",
                where=where,
                index=element.group(1),
            )
        attribute = _NO_ATTRIBUTE.search(said)
        if attribute:
            return tr(
                "{where}: the value has no attribute “{name}”",
                "{where}：这个值没有属性“{name}”",
                where=where,
                name=attribute.group(1),
            )
        return tr(
            "{where}: an undefined value: {said}",
            "{where}：用到了未定义的值（`{said}`）",
            where=where,
            said=said,
        )
    unsafe = _UNSAFE.search(said) if isinstance(error, SecurityError) else None
    if unsafe:
        return tr(
            "{where}: a workspace template may not use “{name}” (it runs in a sandbox)",
            "{where}：工作区模板不能使用“{name}”（模板在沙箱中运行）",
            where=where,
            name=unsafe.group(1),
        )
    if isinstance(error, SecurityError):  # the sandbox's own limits, said in both languages
        return tr("{where}: {said}", "{where}：{said}", where=where, said=said)
    if isinstance(error, ZeroDivisionError):
        return tr("{where}: division by zero", "{where}：除数为零", where=where)
    if isinstance(error, JinjaError):
        return tr(
            "{where}: the template failed: {said}",
            "{where}：模板运行出错（原文：`{said}`）",
            where=where,
            said=said,
        )
    return tr(
        "{where}: the template failed: {kind}: {said}",
        "{where}：模板运行出错（`{kind}`：`{said}`）",
        where=where,
        kind=type(error).__name__,
        said=said,
    )


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
