"""Bars as the claims' reasons say them: "twofold", "half", "1,000", "5%".
The words come from the bars in docs/claims.json, so a changed bar changes
what the reasons say."""
from ..fmt import number, sig3_text

FOLDS = {2: "twofold", 3: "threefold", 4: "fourfold", 10: "tenfold"}
FRACTIONS = {0.5: "half", 0.25: "a quarter"}


def fold(factor: float) -> str:
    """2 as "twofold"."""
    return FOLDS.get(factor, f"{number(factor)}-fold")


def fraction(share: float) -> str:
    """0.5 as "half", other shares as a percentage."""
    return FRACTIONS.get(share, percent(share))


def percent(share: float) -> str:
    """0.05 as "5%"."""
    return f"{sig3_text(share * 100)}%"


def count(value: float) -> str:
    """1000 as "1,000"."""
    return f"{int(value):,}" if value == int(value) else f"{value:,}"
