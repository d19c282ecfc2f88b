"""The wizard's side effects: a draft after every answer, the case file after every step."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import typer

from ssvssj.cli.output import console, shown_name
from ssvssj.i18n import tr
from ssvssj.method import wizard
from ssvssj.store.drafts import drop_draft, save_draft
from ssvssj.store.store import create_case, read_case, save_case
from ssvssj.store.workspace import Workspace


class WizardShell:
    def __init__(
        self,
        workspace: Workspace,
        case_id: str,
        original: bytes | None,
        today: date,
        language: str | None = None,
    ) -> None:
        """`language` is the command's (an explicit --language wins); by default the
        workspace's."""
        self.workspace = workspace
        self.language = language or workspace.language
        self.case_id = case_id
        self.original = original
        self.today = today
        self.path: Path | None = workspace.file_of(case_id) if original is not None else None
        self.answered = False

    def run(
        self,
        prompter: wizard.Prompter,
        doc: dict[str, Any],
        start: str,
        partial: dict[str, Any],
        resumed: bool = False,
    ) -> None:
        """Ask from step `start`; `resumed` says the answers come from a draft, which is kept on
        an interruption even if nothing new was answered."""
        session = wizard.Session(
            doc=doc,
            language=self.language,
            touchpoints=known_touchpoints(self.workspace),
            same_touchpoint=self._same_touchpoint,
            partial=partial,
            today=self.today,
            consultant=self.workspace.config.consultant,
            causes=known_causes(self.workspace),
        )
        try:
            finished = wizard.run(session, prompter, start, self._save_draft, self._save_step)
        except (KeyboardInterrupt, EOFError, wizard.WizardAborted):
            self._stop(session, resumed)
        drop_draft(self.workspace.root, self.case_id)
        if self.path is not None:
            typer.echo(shown_name(self.path.relative_to(self.workspace.root).as_posix()))
        if not finished:
            console(stderr=True).print(
                tr(
                    "Saved. Go on later with: ssvssj case continue {id}",
                    "已保存。之后继续：ssvssj case continue {id}",
                    id=self.case_id,
                ),
                markup=False,
            )

    def _stop(self, session: wizard.Session, resumed: bool) -> NoReturn:
        """Keep what was answered; a draft of nothing is not kept."""
        from ssvssj.store.drafts import has_answers

        worth_keeping = resumed or (
            self.answered
            if self.original is not None
            else has_answers(session.doc, session.partial)
        )
        out = console(stderr=True)
        if not worth_keeping and self.original is not None:
            out.print(
                tr(
                    "\nStopped; nothing new was answered this time. Go on with: "
                    "ssvssj case continue {id}",
                    "\n已停止，这次没有新的回答。继续：ssvssj case continue {id}",
                    id=self.case_id,
                ),
                markup=False,
            )
            raise typer.Exit(130)
        if not worth_keeping:
            drop_draft(self.workspace.root, self.case_id)
            out.print(
                tr("\nStopped; nothing was answered.", "\n已停止，没有填写任何回答。"),
                markup=False,
            )
            raise typer.Exit(130)
        self._save_draft(session)
        out.print(
            tr(
                "\nStopped; your answers are kept. Resume with: ssvssj case continue {id}",
                "\n已停止，你的回答都已保存。继续：ssvssj case continue {id}",
                id=self.case_id,
            ),
            markup=False,
        )
        raise typer.Exit(130)

    def _same_touchpoint(self, first: str, second: str) -> bool:
        from ssvssj.journey.vocabulary import name_key

        vocab = self.workspace.vocabulary
        return name_key(vocab.canonical(first) or first) == name_key(
            vocab.canonical(second) or second
        )

    def _save_draft(self, session: wizard.Session) -> None:
        self.answered = True
        save_draft(
            self.workspace.root,
            self.case_id,
            session.doc,
            session.partial,
            session.step,
            self.original,
        )

    def _save_step(self, session: wizard.Session, step: str) -> None:
        """Write the case; its file now holds every answer, so the draft goes."""
        from ssvssj.cli.case import _validated

        drafted = self.case_id
        if self.original is None:
            case, path = create_case(self.workspace, session.doc, self.today, self.case_id)
            self.case_id = case.id
            self.path = path
            self.original = path.read_bytes()
            session.doc["created"] = case.created
        else:
            case = _validated(session.doc, self.case_id)
            self.path = save_case(self.workspace, case, self.original, self.today)
            _, self.original = read_case(self.workspace, self.case_id)
        drop_draft(self.workspace.root, drafted)


def known_touchpoints(workspace: Workspace) -> list[str]:
    """Names to complete: the vocabulary's, then every spelling used in earlier cases."""
    names = list(workspace.vocabulary.names)
    for aliases in workspace.vocabulary.aliases.values():
        names += aliases
    for case in workspace.cases:
        names.append(case.spot.touchpoint)
        names += case.path()
    return list(dict.fromkeys(names))


def known_causes(workspace: Workspace) -> list[str]:
    """Root causes to complete: causes.yaml's names and aliases, then earlier cases' causes."""
    names = list(workspace.causes.names)
    for aliases in workspace.causes.aliases.values():
        names += aliases
    for case in workspace.cases:
        names += [detail.cause for detail in case.split if detail.cause]
    return list(dict.fromkeys(names))
