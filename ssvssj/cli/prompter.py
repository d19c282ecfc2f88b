"""The wizard's prompter for a real terminal: rich for output, readline for editing and Tab."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence

from ssvssj.cli.output import console, print_wrapped
from ssvssj.i18n import tr
from ssvssj.method.terms import yes_or_no
from ssvssj.method.wizard import Ask

# Bytes that did not decode, as Python keeps them (surrogate escapes).
_UNDECODED = re.compile("[\udc80-\udcff]")
# Where a new name starts inside an answer: after each separator the hints suggest.
_LAST_SEPARATOR = re.compile(r"^(.*(?:→|->|>|,|，|、|;|；|\s))\s*")


class TerminalPrompter:
    def __init__(self) -> None:
        self.out = console()
        self.told_how_to_clear = False

    def say(self, text: str) -> None:
        print_wrapped(self.out, text)

    def ask(self, question: Ask) -> str:
        print_wrapped(self.out, f"  {self.hint(question)}", "dim")
        label = question.label
        if question.choices:
            numbered = "  ".join(f"{i} {c}" for i, c in enumerate(question.choices, 1))
            print_wrapped(self.out, f"  {numbered}", "cyan")
        if question.default:
            label += f" [{question.default}]"
        label += " *" if question.required else ""
        with _completion([*question.choices, *question.completions]):
            answer = self._line(f"{label}: ")
        if answer.strip() == "-":
            return ""
        return answer if answer.strip() else (question.default or "")

    def hint(self, question: Ask) -> str:
        """The question's hint and how to go back; the first question with a default also
        says how to clear one, once a run."""
        if question.default and not self.told_how_to_clear:
            self.told_how_to_clear = True
            return tr(
                "{hint} (< goes back; - clears the default in brackets)",
                "{hint}（输入 < 返回上一题；输入 - 清空方括号里的默认值）",
                hint=question.hint,
            )
        return tr("{hint} (< goes back)", "{hint}（输入 < 返回上一题）", hint=question.hint)

    def _line(self, prompt: str) -> str:
        """One line of text; bytes that are not UTF-8 (a terminal set to another encoding) are
        asked again, never saved where they would make the draft unreadable."""
        while True:
            try:
                answer = input(prompt)
            except UnicodeDecodeError:
                answer = "\udcff"
            if not _UNDECODED.search(answer):
                return answer
            self.out.print(
                tr(
                    "That was not UTF-8 text (is the terminal set to another encoding?); "
                    "please type it again.",
                    "输入的不是 UTF-8 文本（终端是否设成了别的编码？）；请重新输入。",
                ),
                markup=False,
            )

    def confirm(self, label: str, default: bool = True) -> bool:
        """Asked again until the answer is clearly yes or no."""
        hint = tr("Y/n", "是/否，回车为是") if default else tr("y/N", "是/否，回车为否")
        while True:
            answer = self._line(f"{label} [{hint}] ")
            if not answer.strip():
                return default
            meant = yes_or_no(answer)
            if meant is not None:
                return meant
            self.out.print(
                tr(
                    "Please answer yes or no (y or n).",
                    "请回答“是”或“否”（也可以输入 y 或 n）。",
                ),
                markup=False,
            )


def complete_line(line: str, words: Sequence[str]) -> list[str]:
    """The whole answer with its last name completed: the names after each separator."""
    found = _LAST_SEPARATOR.match(line)
    head = found.group(0) if found else ""
    typed = line[len(head) :]
    return [head + word for word in sorted(set(words)) if word.startswith(typed)]


def completer(
    words: Sequence[str], line_buffer: Callable[[], str]
) -> Callable[[str, int], str | None]:
    """readline's completer: its `state`-th completion of the whole line typed so far."""

    def complete(_text: str, state: int) -> str | None:
        matches = complete_line(line_buffer(), words)
        return matches[state] if state < len(matches) else None

    return complete


@contextlib.contextmanager
def _completion(words: Sequence[str]) -> Iterator[None]:
    """Tab completion of known names, where readline exists (not on every platform). The
    completer sees the whole line (no word-break characters: readline would split CJK
    characters at the bytes they share with → or 、) and completes after the last separator."""
    try:
        import readline
    except ImportError:
        yield
        return

    previous = readline.get_completer()
    previous_delims = readline.get_completer_delims()
    readline.set_completer(completer(words, readline.get_line_buffer))
    readline.set_completer_delims("")
    readline.parse_and_bind("tab: complete")
    # Eight-bit input as typed, whatever the locale: under LC_ALL=C readline would otherwise
    # take the bytes of Chinese text for Meta keys and drop them.
    for setting in ("input-meta on", "output-meta on", "convert-meta off"):
        readline.parse_and_bind(f"set {setting}")
    try:
        yield
    finally:
        readline.set_completer(previous)
        readline.set_completer_delims(previous_delims)
