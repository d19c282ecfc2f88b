"""The method's fixed words, importable without pydantic (the CLI needs them at start-up)."""

STEPS = ("spot", "scene", "view", "split", "solve")
LENSES = ("touchpoint", "pathway", "delivery", "ecosystem", "empathy")
PERSPECTIVES = ("customer", "frontline", "management", "partner")
LEVELS = ("low", "medium", "high")
STATUSES = ("proposed", "doing", "done", "verified", "dropped")
