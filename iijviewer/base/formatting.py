"""How figures look on screen: units, thousands separators, negatives in parentheses.

Pure functions, no Qt, so the Qt models only index and call these (and the
tests check the text without a window).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from iijviewer.base.vocabulary import PER_SHARE_UNITS, Unit


@dataclass(frozen=True)
class DisplayUnit:
    key: str
    label: str  # for menus and headers
    divisor: int
    places: int  # digits after the point on screen
    currency: str = "JPY"  # Unit.USD: yen translated at the rate each document states (`iijviewer.views.currency`)
    caption: str = ""  # the unit in a column header, where the label is too long ("" for the label)


THOUSANDS = DisplayUnit("thousands", "JPY thousands", 10**3, 0)
MILLIONS = DisplayUnit("millions", "JPY millions", 10**6, 0)
BILLIONS = DisplayUnit("billions", "JPY billions", 10**9, 1)
DISPLAY_UNITS = (THOUSANDS, MILLIONS, BILLIONS)
DEFAULT_UNIT = MILLIONS
# A convenience translation, never a fact: only the pages that show figures cell by cell offer it
# (each cell at its own document's rate); the workbook and the command line stay in yen.
USD_MILLIONS = DisplayUnit("usd_millions", "US$ millions at each document's rate", 10**6, 1, Unit.USD, "US$ millions")
VIEW_UNITS = (*DISPLAY_UNITS, USD_MILLIONS)


def view_unit(key: str) -> DisplayUnit:
    """A unit the viewer offers: the yen units and US dollars at each document's rate."""
    for u in VIEW_UNITS:
        if u.key == key:
            return u
    raise KeyError(key)


def yen_unit(display: DisplayUnit) -> DisplayUnit:
    """The unit for what cannot translate figure by figure (a chart, the workbook): yen millions for US dollars."""
    return display if display.currency == Unit.JPY else MILLIONS


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
    return _amount_text(value, unit, display)


@lru_cache(maxsize=16384)
def _amount_text(value: Decimal, unit: str, display: DisplayUnit) -> str:
    # Kept: a change's tooltip formats both figures again, and the same figures come back at every switch.
    # Keyed by the unit and the display unit, so another unit never reads a text made for the one before;
    # values equal as numbers (1.0, 1.00) print alike, as the text is rounded to the unit's places.
    if unit == Unit.JPY:
        return _group(value / display.divisor, display.places)
    if unit in PER_SHARE_UNITS:
        return _group(value, 2)
    if unit == Unit.GBPS:
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


NOT_MEANINGFUL_ABOVE = Decimal(1000)  # percent: a change larger than this says more about its base than about the change


def change_percent(current: Decimal | None, base: Decimal | None) -> tuple[Decimal | None, str]:
    """The change of a figure as printed, in percent (`current / base - 1`), or None and why it is not meaningful.

    Measured on the figure's own size, so that a cost, an expense or a cash
    outflow that grows shows a rise (an outflow of 150 after 100 is +50%) and a
    loss that narrows a fall; the Change column beside it keeps the sign of the
    difference.  Not meaningful: a zero base, a change of sign, or a change
    over 1,000%.
    """
    if current is None or base is None:
        return None, ""
    if base == 0:
        return None, "the base is zero"
    if base < 0 < current or current < 0 < base:
        return None, "the sign changed"
    pct = (current - base) / base * 100
    if abs(pct) > NOT_MEANINGFUL_ABOVE:
        return None, f"a change of over {NOT_MEANINGFUL_ABOVE:,}% from a small base"
    return pct, ""


def shows_zero(text: str) -> bool:
    """A formatted figure that reads as zero ("0.0", "(0.0)"): it has no sign to colour."""
    return not any(d in text for d in "123456789")


def shown_precision(display: DisplayUnit) -> int:
    """The decimals (XBRL's sense) a yen amount is shown to in a display unit: -6 for millions, -8 for billions."""
    exponent = len(str(display.divisor)) - 1
    return -exponent + display.places


def plural(count: int, word: str, many: str = "") -> str:
    """`1 document`, `2 documents`, `1,204 facts` (`many`: the plural when it is not word + s)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def unit_caption(unit: str, display: DisplayUnit = DEFAULT_UNIT) -> str:
    per_share = "US$ per share" if display.currency == Unit.USD else "JPY per share"
    per_ads = "US$ per ADS" if display.currency == Unit.USD else "JPY per ADS"
    captions: dict[str, str] = {Unit.JPY: display.caption or display.label, Unit.JPY_PER_SHARE: per_share, Unit.JPY_PER_ADS: per_ads, Unit.COUNT: "count", Unit.GBPS: "Gbps"}
    return captions.get(unit, unit)
