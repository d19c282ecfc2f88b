"""A Prompter that answers from a script, so the wizard is tested without a terminal."""

from __future__ import annotations

from ssvssj.method.wizard import Ask, WizardAborted


class ScriptedPrompter:
    """Answers in order; '' takes the default. Running out of answers is an interruption."""

    def __init__(self, answers: list[str], confirms: list[bool] | None = None) -> None:
        self.answers = list(answers)
        self.confirms = list(confirms) if confirms is not None else None
        self.asked: list[Ask] = []
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def ask(self, question: Ask) -> str:
        self.asked.append(question)
        if not self.answers:
            raise WizardAborted
        answer = self.answers.pop(0)
        return answer if answer.strip() else (question.default or "")

    def confirm(self, label: str, default: bool = True) -> bool:
        if self.confirms is None:
            return default
        if not self.confirms:
            raise WizardAborted
        return self.confirms.pop(0)
