"""How figures look on screen: units, thousands separators, negatives in parentheses.

Pure functions, no Qt, so the Qt models only index and call these (and the
tests check the text without a window).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from iijviewer.concepts import PER_SHARE_UNITS


@dataclass(frozen=True)
class DisplayUnit:
    key: str
    label: str  # for menus and headers
    divisor: int
    places: int  # digits after the point on screen


THOUSANDS = DisplayUnit("thousands", "JPY thousands", 10**3, 0)
MILLIONS = DisplayUnit("millions", "JPY millions", 10**6, 0)
BILLIONS = DisplayUnit("billions", "JPY billions", 10**9, 1)
DISPLAY_UNITS = (THOUSANDS, MILLIONS, BILLIONS)
DEFAULT_UNIT = MILLIONS


def display_unit(key: str) -> DisplayUnit:
    for u in DISPLAY_UNITS:
        if u.key == key:
            return u
    raise KeyError(key)


def _group(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    q = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(q):,.{places}f}"
    return f"({text})" if q < 0 else text


def format_amount(value: Decimal | None, unit: str, display: DisplayUnit = DEFAULT_UNIT) -> str:
    """A fact's value for a table cell: yen amounts in the chosen unit, others as they are."""
    if value is None:
        return ""
    if unit == "JPY":
        return _group(value / display.divisor, display.places)
    if unit in PER_SHARE_UNITS:
        return _group(value, 2)
    if unit == "Gbps":
        return _group(value, 1)
    return _group(value, 0)


def format_change(value: Decimal | None, unit: str, display: DisplayUnit = DEFAULT_UNIT) -> str:
    """A difference: like an amount, with an explicit + for increases."""
    if value is None:
        return ""
    text = format_amount(value, unit, display)
    return f"+{text}" if value > 0 else text


def format_percent(value: Decimal | None, places: int = 1) -> str:
    """A percentage (already times 100): `12.3%`, `(4.5%)`."""
    if value is None:
        return ""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(q):,.{places}f}%"
    return f"({text})" if q < 0 else text


def percent_change(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """Change in percent against a base; none when the base is zero, missing or of the other sign."""
    if current is None or base is None or base == 0:
        return None
    if base < 0 and current > 0 or base > 0 and current < 0:
        return None  # a swing from loss to profit has no meaningful percentage
    return (current - base) / abs(base) * 100


def unit_caption(unit: str, display: DisplayUnit = DEFAULT_UNIT) -> str:
    return {"JPY": display.label, "JPY/share": "JPY per share", "JPY/ADS": "JPY per ADS", "count": "count", "Gbps": "Gbps"}.get(unit, unit)
