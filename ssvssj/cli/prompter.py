"""The wizard's prompter for a real terminal: rich for output, readline for editing and Tab."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from ssvssj.cli.output import console
from ssvssj.method.wizard import Ask


class TerminalPrompter:
    def __init__(self) -> None:
        self.out = console()

    def say(self, text: str) -> None:
        self.out.print(text, markup=False)

    def ask(self, question: Ask) -> str:
        self.out.print(f"  {question.hint}", style="dim", markup=False)
        label = question.label
        if question.choices:
            numbered = " ".join(f"{i}){c}" for i, c in enumerate(question.choices, 1))
            self.out.print(f"  {numbered}", style="cyan", markup=False)
        if question.default:
            label += f" [{question.default}]"
        label += " *" if question.required else ""
        with _completion([*question.choices, *question.completions]):
            answer = input(f"{label}: ")
        if answer.strip() == "-":
            return ""
        return answer if answer.strip() else (question.default or "")

    def confirm(self, label: str, default: bool = True) -> bool:
        hint = "Y/n" if default else "y/N"
        answer = input(f"{label} [{hint}] ").strip().lower()
        if not answer:
            return default
        return answer[0] in ("y", "是", "好")


@contextlib.contextmanager
def _completion(words: Sequence[str]) -> Iterator[None]:
    """Tab completion of known names, where readline exists (not on every platform)."""
    try:
        import readline
    except ImportError:
        yield
        return
    candidates = sorted(set(words))

    def complete(prefix: str, state: int) -> str | None:
        matches = [word for word in candidates if word.startswith(prefix)]
        return matches[state] if state < len(matches) else None

    previous = readline.get_completer()
    readline.set_completer(complete)
    readline.set_completer_delims("→,，、")
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        readline.set_completer(previous)
