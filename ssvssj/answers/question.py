"""The question a command line asks, for the read-only commands whose answers are kept.

Deliberately narrow: only the forms written here (`--name value`, `--name=value`, `-f value`,
flags) are understood, each option at most once, no value that starts with `-`; anything
else is None and goes to the full command line. A test holds these names to the commands'
own options, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Question = tuple[object, ...]


@dataclass(frozen=True)
class Grammar:
    """What one command takes: options with a value, flags, and its first argument's values."""

    values: frozenset[str] = field(default_factory=frozenset)
    flags: frozenset[str] = field(default_factory=frozenset)
    aliases: tuple[tuple[str, str], ...] = ()
    kinds: frozenset[str] = field(default_factory=frozenset)

    def name(self, option: str) -> str:
        return dict(self.aliases).get(option, option)


FILTERS = frozenset({"--tag", "--since", "--until", "--min-count", "--customer"})
STRICT = frozenset({"--strict", "--no-strict"})

GLOBAL = Grammar(
    values=frozenset({"--workspace", "-w", "--language"}), aliases=(("-w", "--workspace"),)
)

COMMANDS: dict[tuple[str, ...], Grammar] = {
    ("check",): Grammar(values=frozenset({"--format"}), flags=frozenset({"--strict"})),
    ("case", "list"): Grammar(
        values=frozenset({"--step", "--touchpoint", "--tag"}),
        flags=frozenset({"--open", "--json"}),
    ),
    ("journey", "show"): Grammar(values=FILTERS, flags=STRICT | {"--json"}),
    ("journey", "export"): Grammar(
        values=FILTERS | {"--format", "-f", "--size"},
        flags=STRICT,
        aliases=(("-f", "--format"),),
    ),
    ("touchpoints",): Grammar(flags=frozenset({"--json"})),
    ("report",): Grammar(
        values=frozenset({"--lang", "--customer"}),
        flags=STRICT | {"--history", "--no-history"},
        kinds=frozenset({"journey", "portfolio", "index", "all"}),
    ),
}


@dataclass(frozen=True)
class Asked:
    """A command line understood: its command, its options and the global ones."""

    command: tuple[str, ...]
    options: tuple[tuple[str, object], ...]
    workspace: str | None

    @property
    def question(self) -> Question:
        return (self.command, self.options)


def _options(
    args: list[str], grammar: Grammar, stop_at_word: bool
) -> tuple[dict[str, object], list[str], int] | None:
    """Options (each once), the plain words met, and where reading stopped; None for anything
    not understood exactly."""
    found: dict[str, object] = {}
    words: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if not arg.startswith("-") or arg == "-":
            if stop_at_word:
                break
            words.append(arg)
            index += 1
            continue
        name, given = arg, None
        if arg.startswith("--") and "=" in arg:
            name, given = arg.split("=", 1)
        value: object
        if name in grammar.values:
            if given is None:
                if index + 1 >= len(args) or args[index + 1].startswith("-"):
                    return None
                given = args[index + 1]
                index += 1
            value = given
        elif name in grammar.flags and given is None:
            value = True
        else:
            return None
        key = grammar.name(name)
        if key in found:
            return None
        found[key] = value
        index += 1
    return found, words, index


def asked(argv: list[str]) -> Asked | None:
    """The question `argv` asks, or None where it is not one of the kept kinds."""
    if "--" in argv:
        return None
    read = _options(argv, GLOBAL, stop_at_word=True)
    if read is None:
        return None
    global_options, _, start = read
    rest = argv[start:]
    for command, grammar in COMMANDS.items():
        if tuple(rest[: len(command)]) != command:
            continue
        parsed = _options(rest[len(command) :], grammar, stop_at_word=False)
        if parsed is None:
            return None
        options, words, _ = parsed
        if grammar.kinds:
            if len(words) != 1 or words[0] not in grammar.kinds:
                return None
            options["kind"] = words[0]
        elif words:
            return None
        workspace = global_options.pop("--workspace", None)
        everything = {**{f"global {k}": v for k, v in global_options.items()}, **options}
        return Asked(
            command,
            tuple(sorted(everything.items())),
            workspace if isinstance(workspace, str) else None,
        )
    return None
