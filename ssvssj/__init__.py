"""ssvssj: Spot, Scene, View, Split, Solve, and the customer Journey that emerges."""

__version__ = "0.1.0"
