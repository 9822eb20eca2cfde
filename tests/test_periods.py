"""Fiscal periods: the contract's keys, their dates, and the spellings IIJ uses for them.

The examples are the spellings the contract and `resources/period_spellings.csv`
name; the property tests generate the same kinds of spelling for every fiscal
year from 2000 to 2040 and every part of a year.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iijviewer.base.periods import (
    Period,
    find_periods,
    fiscal,
    from_months,
    instant,
    parse_key,
    parse_period,
    sort_key,
)

PARTS = [None, "H1", "H2", "Q1", "Q2", "Q3", "Q4", "9M"]
MONTH_WORDS = {3: "three", 6: "six", 9: "nine", 12: "twelve"}

years = st.integers(min_value=2000, max_value=2040)
parts = st.sampled_from(PARTS)


def _key(fy: int, part: str | None) -> str:
    return f"FY{fy}" if part is None else f"FY{fy}-{part}"


# --- spellings named by the contract and the spelling table ---------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1H10", "FY2010-H1"),
        ("1H FY2010", "FY2010-H1"),
        ("1H10 (10/4~10/9)", "FY2010-H1"),
        ("Six Months Ended September 30, 2010", "FY2010-H1"),
        ("first six months of the fiscal year ending March 31, 2011", "FY2010-H1"),
        ("1st Half FY2011", "FY2011-H1"),
        ("2H FY2012", "FY2012-H2"),
        ("second half of FY11", "FY2011-H2"),
        ("2Q10", "FY2010-Q2"),
        ("1Q FY2012", "FY2012-Q1"),
        ("4Q08 (09/01 ~ 09/03)", "FY2008-Q4"),
        ("9M FY2012", "FY2012-9M"),
        ("3Q cumulative FY2012", "FY2012-9M"),
        ("Nine months ended December 31, 2012", "FY2012-9M"),
        ("first nine months of the fiscal year ending March 31, 2013", "FY2012-9M"),
        ("Three months ended June 30, 2011", "FY2011-Q1"),
        ("first three months of the fiscal year ending March 31, 2012", "FY2011-Q1"),
        ("First Quarter Financial Results for the Fiscal Year Ending March 31, 2014", "FY2013-Q1"),
        ("1st quarter of the fiscal year ending March 31, 2012", "FY2011-Q1"),
        ("FY2008", "FY2008"),
        ("FY10", "FY2010"),
        ("Full FY2010", "FY2010"),
        ("Twelve months ended March 31, 2012", "FY2011"),
        ("Fiscal Year Ending March 31, 2013", "FY2012"),
        ("Fiscal Year ended March 31, 2009", "FY2008"),
        ("FY13 Target (Apr. 2013 -Mar.2014)", "FY2013"),
        ("(Apr. 2013 - Sep. 2013)", "FY2013-H1"),
        ("(Jan 2013 - Mar 2013)", "FY2012-Q4"),
        # a date range beats the label beside it
        ("FY07 Actual (08/4 ~ 09/3)", "FY2008"),
        ("1H10 (10/4~11/3)", "FY2010"),
        # instants
        ("As of March 31, 2010", "2010-03-31"),
        ("March 31, 2011", "2011-03-31"),
        ("Sep. 30, 2010", "2010-09-30"),
        ("Sept 30, 2010", "2010-09-30"),
        ("as of May 15, 2012", "2012-05-15"),
    ],
)
def test_spelling_names_one_period(text: str, key: str) -> None:
    period = parse_period(text)
    assert period is not None
    assert period.key == key
    assert period == parse_key(key)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "asdf qwerty",
        "0.1 1.06",
        "% of Revenues",
        "YoY",
        "fooH10",
        "February 30, 2010",  # no such day
        "(10/5~11/4)",  # May to April is no fiscal period
        "Six months ended August 31, 2010",  # March to August is no fiscal period either
        "1H FY2010 vs 1H FY2011",  # two periods: not one
    ],
)
def test_garbled_or_ambiguous_text_names_no_period(text: str) -> None:
    assert parse_period(text) is None


# --- part-of-year words beside an FY: the part, or no period; never the whole year ----------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Q4 FY2014", "FY2014-Q4"),
        ("H1 FY2014", "FY2014-H1"),
        ("Q1 FY2019", "FY2019-Q1"),
        ("1H of FY2014", "FY2014-H1"),
        ("2Q of the FY2014", "FY2014-Q2"),
        ("FY2014 Q4", "FY2014-Q4"),
        ("FY2014 4Q", "FY2014-Q4"),
        ("FY2014 1H", "FY2014-H1"),
        ("FY2014 H2", "FY2014-H2"),
        ("FY2014 first half", "FY2014-H1"),
        ("FY2014 Second-Half", "FY2014-H2"),
        ("FY2014 fourth quarter", "FY2014-Q4"),
        ("Interim FY2014", "FY2014-H1"),
        ("9 Months FY2008", "FY2008-9M"),
        ("Nine-Month FY2008", "FY2008-9M"),
        ("FY2008 Nine Months", "FY2008-9M"),
        ("FY2008 9M", "FY2008-9M"),
        ("Fourth-Quarter FY2014", "FY2014-Q4"),
        ("second-half of FY14", "FY2014-H2"),
        ("Q1-Q3 FY2019", "FY2019-9M"),
        ("FY2019 1Q-3Q", "FY2019-9M"),
        ("Highlights of Nine-Month FY2008 Results", "FY2008-9M"),
    ],
)
def test_part_of_year_words_beside_an_fy_name_the_part(text: str, key: str) -> None:
    assert parse_period(text) == parse_key(key)


@pytest.mark.parametrize(
    "text",
    ["latter half of FY2014", "FY2014 3Q cumulative", "last quarters of FY2014", "FY2014 half-year", "months of FY2014"],
)
def test_part_of_year_words_no_spelling_reads_name_no_period(text: str) -> None:
    """Not the year beside them: a part no spelling reads is no period at all (the reader then reports its figures)."""
    assert [m.period.key for m in find_periods(text)] == []


@given(years, st.sampled_from(["Q{q} FY{y}", "FY{y} Q{q}", "FY{y} {q}Q", "{q}Q of FY{y}", "{o}-Quarter FY{y}", "FY{y} {o} quarter"]))
def test_a_quarter_beside_an_fy_is_never_the_year(fy: int, layout: str) -> None:
    for q, o in enumerate(["First", "Second", "Third", "Fourth"], start=1):
        assert parse_period(layout.format(q=q, y=fy, o=o)) == fiscal(fy, f"Q{q}")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("FY2010 interim dividend", "FY2010"),  # a dividend of the year: "interim" after the year says which dividend
        ("FY2019 Year-end dividend", "FY2019"),
        ("Full FY2010", "FY2010"),
    ],
)
def test_words_after_a_year_that_name_no_part_leave_the_year(text: str, key: str) -> None:
    assert parse_period(text) == parse_key(key)


@pytest.mark.parametrize(
    ("caption", "keys"),
    [
        ("(For The Six Months Ended September 30, 2011 and September 30, 2012)", ["FY2011-H1", "FY2012-H1"]),
        ("(For the three months ended June 30, 2012 and June 30, 2013)", ["FY2012-Q1", "FY2013-Q1"]),
        ("(As of March 31, 2010 and September 30, 2010)", ["2010-03-31", "2010-09-30"]),
        ("1H11 (11/4~11/9) compared with 1H10 (10/4~10/9)", ["FY2011-H1", "FY2011-H1", "FY2010-H1", "FY2010-H1"]),
    ],
)
def test_find_periods_in_reading_order(caption: str, keys: list[str]) -> None:
    assert [m.period.key for m in find_periods(caption)] == keys


# --- keys and their dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "start", "end", "months"),
    [
        ("FY2010", "2010-04-01", "2011-03-31", 12),
        ("FY2010-H1", "2010-04-01", "2010-09-30", 6),
        ("FY2010-H2", "2010-10-01", "2011-03-31", 6),
        ("FY2010-Q1", "2010-04-01", "2010-06-30", 3),
        ("FY2010-Q2", "2010-07-01", "2010-09-30", 3),
        ("FY2010-Q3", "2010-10-01", "2010-12-31", 3),
        ("FY2010-Q4", "2011-01-01", "2011-03-31", 3),
        ("FY2010-9M", "2010-04-01", "2010-12-31", 9),
        ("FY2011-Q4", "2012-01-01", "2012-03-31", 3),
        ("2010-09-30", "2010-09-30", "2010-09-30", 0),
    ],
)
def test_key_dates(key: str, start: str, end: str, months: int) -> None:
    p = parse_key(key)
    assert (p.start.isoformat(), p.end.isoformat(), p.months, p.key, str(p)) == (start, end, months, key, key)
    assert p.is_instant == (months == 0)


@pytest.mark.parametrize(
    ("key", "fiscal_year", "before_start", "at_end"),
    [
        ("FY2010", 2010, "2010-03-31", "2011-03-31"),
        ("FY2010-Q1", 2010, "2010-03-31", "2010-06-30"),
        ("FY2010-H2", 2010, "2010-09-30", "2011-03-31"),
        ("FY2012-Q3", 2012, "2012-09-30", "2012-12-31"),
        ("2010-03-31", 2009, "2010-03-30", "2010-03-31"),
        ("2010-04-01", 2010, "2010-03-31", "2010-04-01"),
    ],
)
def test_fiscal_year_and_instants_around_a_period(key: str, fiscal_year: int, before_start: str, at_end: str) -> None:
    p = parse_key(key)
    assert p.fiscal_year == fiscal_year
    assert p.instant_before_start().key == before_start
    assert p.instant_at_end().key == at_end
    assert p.instant_at_end().is_instant


@pytest.mark.parametrize("text", ["FY10", "FY2010-H3", "FY2010-Q5", "2010-13-01", "2010-9-30", "fy2010", "FY2010 ", ""])
def test_parse_key_refuses_what_is_not_a_key(text: str) -> None:
    with pytest.raises(ValueError):
        parse_key(text)


def test_sort_key_orders_by_end_then_length() -> None:
    keys = ["FY2010", "FY2010-H1", "2010-09-30", "FY2010-Q1", "FY2010-Q2", "FY2010-9M", "FY2009"]
    assert sorted(keys, key=sort_key) == [
        "FY2009",
        "FY2010-Q1",
        "2010-09-30",
        "FY2010-Q2",
        "FY2010-H1",
        "FY2010-9M",
        "FY2010",
    ]


# --- properties -----------------------------------------------------------------------


@given(years, parts)
def test_key_round_trips(fy: int, part: str | None) -> None:
    p = fiscal(fy, part)
    assert p.key == _key(fy, part)
    assert parse_key(p.key) == p
    assert p.fiscal_year == fy
    assert p.start.day == 1
    assert p.end.day == calendar.monthrange(p.end.year, p.end.month)[1]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_instant_key_round_trips(day: dt.date) -> None:
    p = instant(day)
    assert p.key == day.isoformat()
    assert parse_key(p.key) == p
    assert p.is_instant and p.months == 0


def _half_spellings(fy: int, h: int) -> list[str]:
    yy = f"{fy % 100:02d}"
    ordinal, word = ("1st", "First") if h == 1 else ("2nd", "Second")
    return [
        f"{h}H{yy}",
        f"{h}H{fy}",
        f"{h}H FY{yy}",
        f"{h}H FY{fy}",
        f"{ordinal} Half FY{fy}",
        f"{word} half of FY{yy}",
    ]


def _quarter_spellings(fy: int, q: int) -> list[str]:
    yy = f"{fy % 100:02d}"
    return [f"{q}Q{yy}", f"{q}Q{fy}", f"{q}Q FY{yy}", f"{q}Q FY{fy}"]


@given(years, st.integers(min_value=1, max_value=2))
def test_half_spellings(fy: int, h: int) -> None:
    for text in _half_spellings(fy, h):
        assert parse_period(text) == fiscal(fy, f"H{h}"), text


@given(years, st.integers(min_value=1, max_value=4))
def test_quarter_spellings(fy: int, q: int) -> None:
    for text in _quarter_spellings(fy, q):
        assert parse_period(text) == fiscal(fy, f"Q{q}"), text


@given(years)
def test_year_and_nine_month_spellings(fy: int) -> None:
    yy = f"{fy % 100:02d}"
    for text in (f"FY{yy}", f"FY{fy}", f"Full FY{fy}", f"FY {fy}"):
        assert parse_period(text) == fiscal(fy), text
    for text in (f"9M FY{fy}", f"9M{yy}"):
        assert parse_period(text) == fiscal(fy, "9M"), text
    assert parse_period(f"Fiscal Year Ending March 31, {fy + 1}") == fiscal(fy)


def _label(fy: int, part: str | None) -> str:
    """A short label for a period, as headers print it ("FY07", "1H10", "2Q10", "9M FY2012")."""
    yy = f"{fy % 100:02d}"
    if part is None:
        return f"FY{yy}"
    if part == "9M":
        return f"9M FY{fy}"
    return f"{part[1]}{part[0]}{yy}"


@given(
    years,
    parts,
    years,
    parts,
    st.booleans(),
    st.sampled_from(["~", " ~ "]),
    st.sampled_from(["{label} ({range})", "{label} Actual ({range})", "{label} Target ({range})", "({range}) {label}"]),
)
def test_date_range_wins_over_the_label_beside_it(
    fy: int, part: str | None, other_fy: int, other_part: str | None, pad: bool, tilde: str, layout: str
) -> None:
    p = fiscal(fy, part)
    month = (lambda m: f"{m:02d}") if pad else str
    yymm = f"{p.start.year % 100:02d}/{month(p.start.month)}{tilde}{p.end.year % 100:02d}/{month(p.end.month)}"
    text = layout.format(label=_label(other_fy, other_part), range=yymm)
    assert parse_period(text) == p, text


@given(years, parts, st.booleans())
def test_months_ended_spellings(fy: int, part: str | None, title_case: bool) -> None:
    p = fiscal(fy, part)
    words = MONTH_WORDS[p.months]
    words = words.title() if title_case else words
    end = f"{calendar.month_name[p.end.month]} {p.end.day}, {p.end.year}"
    assert parse_period(f"{words} Months Ended {end}") == p
    later = f"{calendar.month_name[p.end.month]} {p.end.day}, {p.end.year + 1}"
    caption = f"(For the {words} months ended {end} and {later})"
    assert [m.period for m in find_periods(caption)] == [p, fiscal(fy + 1, part)]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)), st.booleans(), st.booleans())
def test_as_of_spellings(day: dt.date, abbreviated: bool, as_of: bool) -> None:
    month = f"{calendar.month_abbr[day.month]}." if abbreviated else calendar.month_name[day.month]
    text = f"{'As of ' if as_of else ''}{month} {day.day}, {day.year}"
    assert parse_period(text) == instant(day)


@given(years, parts)
def test_from_months_agrees_with_fiscal(fy: int, part: str | None) -> None:
    p = fiscal(fy, part)
    assert from_months(p.start.year, p.start.month, p.end.year, p.end.month) == p


@given(
    st.integers(min_value=2000, max_value=2040),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=14),
)
def test_from_months_finds_only_fiscal_periods(year: int, month: int, length: int) -> None:
    end_index = year * 12 + month - 1 + length
    end_year, end_month = divmod(end_index, 12)
    p = from_months(year, month, end_year, end_month + 1)
    if p is None:
        return
    assert p.start == dt.date(year, month, 1)
    assert (p.end.year, p.end.month) == (end_year, end_month + 1)
    assert p == parse_key(p.key)
    assert p.months == length + 1 and p.start.month in (4, 7, 10, 1)


@pytest.mark.parametrize(
    ("whole", "pieces"),
    [
        (None, ["H1", "H2"]),
        (None, ["9M", "Q4"]),
        (None, ["Q1", "Q2", "Q3", "Q4"]),
        ("H1", ["Q1", "Q2"]),
        ("H2", ["Q3", "Q4"]),
        ("9M", ["H1", "Q3"]),
        ("9M", ["Q1", "Q2", "Q3"]),
    ],
)
@given(fy=years)
def test_parts_tile_the_whole(whole: str | None, pieces: list[str], fy: int) -> None:
    """Q1 + Q2 = H1 and the like: the pieces are consecutive, without gap or overlap."""
    w = fiscal(fy, whole)
    ps = [fiscal(fy, part) for part in pieces]
    assert sum(p.months for p in ps) == w.months
    assert ps[0].start == w.start and ps[-1].end == w.end
    for a, b in zip(ps, ps[1:]):
        assert a.end + dt.timedelta(days=1) == b.start


def test_period_is_a_value() -> None:
    assert fiscal(2010, "H1") == parse_key("FY2010-H1")
    assert hash(fiscal(2010, "H1")) == hash(parse_period("1H10"))
    assert isinstance(parse_period("1H10"), Period)


@pytest.mark.parametrize(
    ("text", "words", "key"),
    [
        ("Results for the Third Quarter (October to December 2016)", "Third Quarter (October to December 2016)", "FY2016-Q3"),
        ("Results for the Third Quarter (Oct.-Dec. 2016)", "Third Quarter (Oct.-Dec. 2016)", "FY2016-Q3"),
        ("the first half (from April 1 to September 30, 2016)", "first half (from April 1 to September 30, 2016)", "FY2016-H1"),
        ("the third quarter (April to December 2016)", "third quarter (April to December 2016)", "FY2016-9M"),  # the months win
    ],
)
def test_quarter_words_and_their_months_are_one_period(text: str, words: str, key: str) -> None:
    """No word of a part of the year is left beside the months that say which part it is."""
    assert [(text[m.start : m.end], m.period.key) for m in find_periods(text)] == [(words, key)]
