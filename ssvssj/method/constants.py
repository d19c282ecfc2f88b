"""The method's fixed words, importable without pydantic (the CLI needs them at start-up)."""

STEPS = ("spot", "scene", "view", "split", "solve")
LENSES = ("touchpoint", "pathway", "delivery", "ecosystem", "empathy")
PERSPECTIVES = ("customer", "frontline", "management", "partner")
LEVELS = ("low", "medium", "high")
STATUSES = ("proposed", "doing", "done", "verified", "dropped")

# A touchpoint's name is short, and a path names at most so many: the journey's work grows with
# both, so a file cannot make it unbounded. A cause is a longer phrase, bounded for the same
# reason: alias suggestions compare every pair of names.
MAX_NAME = 100
MAX_PATH = 100
MAX_CAUSE = 200

STALE_AFTER_DAYS = 30  # an open case not updated for longer is stale, unless ssvssj.yaml says


def unit_suffix(unit: str | None) -> str:
    """How a unit follows its number: `15 分钟`, but `96%`."""
    if not unit:
        return ""
    return unit if unit in ("%", "‰", "°") else f" {unit}"


def step_number(step: str) -> int:
    """A step's place in the method, from 1 (spot) to 5 (solve)."""
    return STEPS.index(step) + 1
