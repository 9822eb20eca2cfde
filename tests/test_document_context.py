"""What a document says about itself (`ingest/context.py`), and the tables it sets out with spaces (`ingest/aligned.py`).

Datelines, definitions and tables in our own words; the rules are the ones
IIJ's real announcements follow (../shared/realworld).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.base.facts import UNCONFIRMED, YOY
from iijviewer.base.periods import PeriodReader, parse_key, read_definitions
from iijviewer.ingest import rules
from iijviewer.ingest.aligned import header_columns, row_cells
from iijviewer.ingest.context import IFRS, PRE_ASC810, REVISION, document_context, restated_scenario
from iijviewer.ingest.reader import read_document


def context(*lines: str):
    return document_context("doc", list(lines))


@pytest.mark.parametrize(
    ("dateline", "period"),
    [
        ('today announced its consolidated financial results for the nine months of the fiscal year ending March 31, 2023 '
         '("3Q22", from April 1, 2022 to December 31, 2022).', "FY2022-9M"),
        ('today announced its financial results for the third quarter of the fiscal year ending March 31, 2023 ("FY2022").', "FY2022-Q3"),
        ('today announced its full year and fourth quarter financial results for the fiscal year ended March 31, 2023 ("FY2022").', "FY2022"),
        ('today announced its full year ("FY2022") and 4th quarter ("4Q22") consolidated financial results for fiscal year '
         'ended March 31, 2023.', "FY2022"),
        ('today announced its nine months consolidated financial results ("1Q-3Q22", from April 1, 2022 to December 31, 2022).', "FY2022-9M"),
        ("announced that its Board of Directors today resolved upon the interim dividend to shareholders on the record date "
         "of September 30, 2022, as indicated below.", "FY2022"),
        ('today announced a revision to its Year-end dividend forecast for the fiscal year ending March 31, 2023 ("FY2022").', "FY2022"),
        # the period of the results, not the first period named
        ('today announced its consolidated financial results for the fiscal year ending March 31, 2023, first quarter ("1Q22").',
         "FY2022-Q1"),
        ('today announced its consolidated financial results for the first quarter ("1Q22") of the fiscal year ending March 31, 2023.',
         "FY2022-Q1"),
        ("today announced its financial targets for FY2023 together with the results for FY2022.", "FY2022"),
        ('today announced its full year ("FY2022") and 4th quarter ("4Q22") results.', "FY2022"),
    ],
)
def test_the_reported_period_is_what_the_dateline_announces(dateline: str, period: str) -> None:
    ctx = context("TOKYO, Feb. 9, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. " + dateline)
    assert ctx.reported_period == period
    assert ctx.kind == "press_release"


NINE_MONTHS_DEFINED = '... results for the nine months ("3Q22", from April 1, 2022 to December 31, 2022).'


def test_the_dateline_is_looked_for_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from iijviewer.ingest import context as module

    calls = []
    real = module.announcement
    monkeypatch.setattr(module, "announcement", lambda lines: calls.append(1) or real(lines))
    ctx = context("TOKYO, Nov. 8, 2022 (GLOBE NEWSWIRE) -- IIJ today announced its results for 1H22 and revised its targets for FY2022.")
    assert ctx.reported_period == "FY2022-H1" and ctx.revised_periods == ("FY2022",)
    assert len(calls) == 1


def test_a_documents_definition_of_3q_makes_every_3q_nine_months() -> None:
    periods = read_definitions([NINE_MONTHS_DEFINED])
    assert periods.parse("Highlights of Financial Results for 3Q22") == parse_key("FY2022-9M")
    assert periods.parse("Overview of 3Q FY2022 Financial Results") == parse_key("FY2022-9M")
    assert periods.parse("3Q21") == parse_key("FY2021-9M")  # the document's convention, also for the year before
    assert periods.parse("3Q22 (3 months)") == parse_key("FY2022-Q3")  # said what it means
    assert PeriodReader().parse("3Q22") == parse_key("FY2022-Q3")  # without the definition: the quarter


@pytest.mark.parametrize(
    "label",
    [
        "3Q22 (Oct.-Dec.)",
        "3Q21 (Oct.-Dec.)",
        "FY2022 3Q (Oct.-Dec.)",
        "Highlights of Third Quarter FY2022 (three months) Results",
        "3Q FY2022 (3 months)",
        "Highlights of Financial Results for the Third Quarter (October to December 2022)",
        "Highlights of Financial Results for 3Q22 (from October 1, 2022 to December 31, 2022)",
    ],
)
def test_a_label_that_states_three_months_is_the_quarter_whatever_3q_is_defined_to_be(label: str) -> None:
    assert read_definitions([NINE_MONTHS_DEFINED]).parse(label).months == 3


def test_a_definition_reaches_only_the_spelling_it_defines() -> None:
    """ "3Q22" defined as the nine months says nothing of the words "Third Quarter FY2022": a quarter is three months."""
    periods = read_definitions([NINE_MONTHS_DEFINED])
    assert periods.parse("Overview of 3rd Quarter FY2022 Financial Results") == parse_key("FY2022-Q3")
    assert periods.parse("Q3 FY2022") == parse_key("FY2022-Q3")
    assert periods.parse("3Q22") == parse_key("FY2022-9M")


def test_a_header_row_that_names_the_nine_months_itself_keeps_its_3q_the_quarter() -> None:
    periods = read_definitions([NINE_MONTHS_DEFINED])
    row = "1Q22 | 2Q22 | 3Q22 | 1Q-3Q22"
    assert [periods.within(row).parse(c) for c in row.split(" | ")] == [
        parse_key(k) for k in ("FY2022-Q1", "FY2022-Q2", "FY2022-Q3", "FY2022-9M")
    ]
    assert periods.within("3Q21 | 3Q22 | YoY").parse("3Q22") == parse_key("FY2022-9M")  # nothing said: the definition


def test_definitions_that_disagree_leave_the_usual_meaning() -> None:
    lines = ['("3Q22", from April 1, 2022 to December 31, 2022)', '("3Q22", from October 1, 2022 to December 31, 2022)']
    assert read_definitions(lines).redefined == ()


def test_the_vocabulary_of_the_day() -> None:
    pre = context("TOKYO, May 15, 2008 (PRIME NEWSWIRE) -- IIJ today announced its results.", "Net income was JPY1 million.")
    assert PRE_ASC810 in pre.tags
    post = context("TOKYO, May 15, 2008 (PRIME NEWSWIRE) -- IIJ today announced its results.", "Net income attributable to IIJ")
    assert PRE_ASC810 not in post.tags
    # "attributable to" in plain English is no ASC 810 vocabulary
    prose = context("TOKYO, May 15, 2008 (PRIME NEWSWIRE) -- IIJ today announced its results.",
                    "Revenues were up 5.0%, mainly attributable to growth in systems integration.", "Net income was JPY1 million.")
    assert PRE_ASC810 in prose.tags
    for words in ("Net loss attributable to noncontrolling interests", "Net income attributable to Internet Initiative Japan Inc."):
        assert PRE_ASC810 not in context("TOKYO, May 15, 2008 (PRIME NEWSWIRE) -- IIJ today announced its results.", words).tags
    undated_modern = context("Revenues JPY1 million for 1H12", "Net income was JPY1 million.")  # after 2009 by its periods
    assert PRE_ASC810 not in undated_modern.tags
    ifrs = context("TOKYO, Aug. 7, 2019 -- IIJ today announced its results under International Financial Reporting Standards (IFRS).")
    assert IFRS in ifrs.tags
    revision = context("TOKYO, Feb. 12, 2009 -- IIJ today announced that it has revised its full FY2008 targets "
                       "from the target announced on October 24, 2008.")
    assert REVISION in revision.tags and revision.previous_target_date == "2008-10-24"


def test_net_income_before_asc810_is_after_minority_interests() -> None:
    assert [c.id for c, _ in rules.concepts_for("net income", "", "", frozenset({PRE_ASC810}))][0] == "net_income_attributable"
    assert [c.id for c, _ in rules.concepts_for("net income", "", "", frozenset())][0] == "net_income"
    assert [c.id for c, _ in rules.concepts_for("net profit", "", "", frozenset({IFRS}))][0] == "net_income_attributable"
    assert [c.id for c, _ in rules.concepts_for("operating profit", "", "", frozenset())][0] == "operating_income"


@pytest.mark.parametrize(
    ("word", "announced", "period", "scenario"),
    [
        (rules.TARGET_PREVIOUS, "2022-05-13", "FY2022", "target"),  # set with the last year's results
        (rules.TARGET_PREVIOUS, "2022-10-24", "FY2022", None),  # itself a revision, superseded
        (rules.TARGET_LATEST, "2023-05-15", "FY2022", "target"),  # restated with the year's results
        (rules.TARGET_LATEST, "2022-11-04", "FY2022", "revised_target"),  # a revision that stands
        (rules.TARGET_LATEST, "", "FY2022", "target"),
        ("actual", "", "FY2022", "actual"),
    ],
)
def test_a_restated_target_by_the_day_it_was_announced(word, announced, period, scenario) -> None:
    assert restated_scenario(word, announced, parse_key(period)) == scenario


def test_an_undated_previous_target_is_the_librarys_to_settle_not_the_days() -> None:
    with pytest.raises(ValueError):
        restated_scenario(rules.TARGET_PREVIOUS, "", parse_key("FY2022"))
    facts = read_document("doc", ["FY2022 Financial Targets (JPY millions)", "\tPrevious Target\tNew Target",
                                  "Revenues\t24,000\t25,000"])[0]
    assert {(f.scenario, f.classification) for f in facts if f.value == Decimal("24000e6")} == {("target", UNCONFIRMED)}


# --- tables set out with spaces --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        ("    Actual Results Target Announced", ["Actual Results", "Target Announced"]),
        ("                 Previous Target       New Target (2/9/2023)", ["Previous Target", "New Target (2/9/2023)"]),
        ("  Previous Target Revised Target (Feb. 9)", ["Previous Target", "Revised Target (Feb. 9)"]),
        ("\u00a01Q22 1Q21 YoY % change", ["1Q22", "1Q21", "YoY % change"]),
        ("FY2021 Actual Results FY2022 Target", ["FY2021 Actual Results", "FY2022 Target"]),
        ("Highlights of 1H FY2022 Financial Results", []),  # a heading: one period and its scenario
        ("Revenues were up 5% from 1Q21 and 2Q21", []),  # prose
    ],
)
def test_a_header_names_its_columns_by_their_words(header: str, columns: list[str]) -> None:
    assert header_columns(header, PeriodReader()) == columns


def test_a_row_is_a_label_and_its_figures() -> None:
    assert row_cells("Revenues JPY61,234 million ($456.7 million) JPY60,000 million") == (
        "Revenues",
        ["JPY61,234 million ($456.7 million)", "JPY60,000 million"],
    )
    assert row_cells("Total Revenues 16,111 13,222 21.8%") == ("Total Revenues", ["16,111", "13,222", "21.8%"])
    assert row_cells("Revenue was JPY61,234 million, up 4.1% YoY.") is None
    assert row_cells("JPY61,234 million JPY60,000 million") is None  # no label


# --- a document read whole: where its figures land ------------------------------------------------


def facts_of(*lines: str) -> dict[tuple[str, str, str], Decimal]:
    """{(concept, period, scenario): value} of a document in our own words, read whole."""
    facts, _ = read_document("doc", list(lines))
    return {(f.concept, f.period, f.scenario): f.value for f in facts if f.classification != YOY}


THIRD_QUARTER_DATELINE = (
    "TOKYO, Feb. 10, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its financial "
    "results for the third quarter of the fiscal year ending March 31, 2022 (\"FY2021\")."
)


@pytest.mark.parametrize("heading", ["Highlights of Nine-Month FY2021 Results", "Highlights of 9 Months FY2021 Results",
                                     "Highlights of FY2021 Nine Months Results", "Highlights of Q1-Q3 FY2021 Results"])
def test_a_heading_of_nine_months_beside_an_fy_files_its_figures_as_the_nine_months(heading: str) -> None:
    got = facts_of(THIRD_QUARTER_DATELINE, "", heading, "", " * Revenues totaled JPY12,345 million, an increase of 5.0% YoY.")
    assert got == {("revenue_total", "FY2021-9M", "actual"): Decimal("12345e6")}


@pytest.mark.parametrize("heading", ["Highlights of Q4 FY2021 Results", "Highlights of FY2021 Fourth-Quarter Results",
                                     "Highlights of FY2021 4Q Results"])
def test_a_heading_of_a_quarter_beside_an_fy_files_its_figures_as_the_quarter(heading: str) -> None:
    dateline = ("TOKYO, May 13, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its full "
                "year and fourth quarter financial results for the fiscal year ended March 31, 2022 (\"FY2021\").")
    got = facts_of(dateline, "", heading, "", " * Revenues totaled JPY12,345 million, an increase of 5.0% YoY.")
    assert got == {("revenue_total", "FY2021-Q4", "actual"): Decimal("12345e6")}


NINE_MONTHS_DATELINE = (
    "TOKYO, Feb. 9, 2023 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its consolidated "
    "financial results for the nine months of the fiscal year ending March 31, 2023 (\"3Q22\", from April 1, 2022 to "
    "December 31, 2022)."
)


def test_quarter_columns_of_a_nine_months_release_are_quarters() -> None:
    got = facts_of(
        NINE_MONTHS_DATELINE, "", "Quarterly Results (JPY millions)",
        "\t3Q21 (Oct.-Dec.)\t3Q22 (Oct.-Dec.)", "Revenues\t11,111\t12,222", "",
        "Results by quarter (JPY millions)", "\t1Q22\t2Q22\t3Q22\t1Q-3Q22", "Revenues\t13,333\t14,444\t12,222\t39,999",
    )
    assert got == {
        ("revenue_total", "FY2021-Q3", "actual"): Decimal("11111e6"),
        ("revenue_total", "FY2022-Q3", "actual"): Decimal("12222e6"),
        ("revenue_total", "FY2022-Q1", "actual"): Decimal("13333e6"),
        ("revenue_total", "FY2022-Q2", "actual"): Decimal("14444e6"),
        ("revenue_total", "FY2022-9M", "actual"): Decimal("39999e6"),
    }


def test_headings_that_say_three_months_file_their_figures_as_the_quarter() -> None:
    got = facts_of(
        NINE_MONTHS_DATELINE, "", "Highlights of Financial Results for 3Q22", "", "Revenues JPY39,999 million (up 5.0% YoY)", "",
        "Highlights of Third Quarter FY2022 (three months) Results", "", "Operating Income JPY1,234 million (up 5.0% YoY)", "",
        "Highlights of Financial Results for the Third Quarter (October to December 2022)", "",
        "Net income attributable to IIJ JPY987 million (up 5.0% YoY)",
    )
    assert got == {
        ("revenue_total", "FY2022-9M", "actual"): Decimal("39999e6"),
        ("operating_income", "FY2022-Q3", "actual"): Decimal("1234e6"),
        ("net_income_attributable", "FY2022-Q3", "actual"): Decimal("987e6"),
    }


def test_the_results_of_a_dateline_that_names_the_year_first_are_the_quarters() -> None:
    dateline = ("TOKYO, Aug. 9, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its "
                "consolidated financial results for the fiscal year ending March 31, 2023, first quarter (\"1Q22\").")
    got = facts_of(dateline, "", "  • Revenues were JPY12,345 million, up 5.0% YoY.")
    assert got == {("revenue_total", "FY2022-Q1", "actual"): Decimal("12345e6")}


def test_a_revision_in_the_dateline_concerns_the_targets_it_names() -> None:
    ctx = context("TOKYO, Nov. 8, 2022 (GLOBE NEWSWIRE) -- IIJ today announced its consolidated financial results for the first "
                  "six months of the fiscal year ending March 31, 2023 (from April 1 to September 30, 2022, \"1H22\") and "
                  "revised its financial targets for FY2022.")
    assert ctx.is_revision and ctx.revised_periods == ("FY2022",)
    assert ctx.revises(parse_key("FY2022")) and not ctx.revises(parse_key("FY2022-H1"))
    unnamed = context("TOKYO, Feb. 9, 2023 (GLOBE NEWSWIRE) -- IIJ today announced revisions of its consolidated financial targets.")
    assert unnamed.revises(parse_key("FY2022")) and unnamed.revises(parse_key("FY2022-H1"))  # it names none: all of them
    assert not context("TOKYO, Feb. 9, 2023 -- IIJ today announced its results for FY2022.").revises(parse_key("FY2022"))


def test_the_initial_target_of_a_results_table_stays_the_target_when_the_dateline_revises_the_years() -> None:
    dateline = ("TOKYO, Nov. 8, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its "
                "consolidated financial results for the first six months of the fiscal year ending March 31, 2023 (from "
                "April 1 to September 30, 2022, \"1H22\") and revised its financial targets for FY2022.")
    got = facts_of(
        dateline, "", "1H22 Financial Results", "\tActual Results\tTarget Announced",
        "Revenues\tJPY12,345 million\tJPY12,000 million", "", "FY2022 Financial Targets", "\tPrevious Target\tNew Target",
        "Revenues\tJPY24,000 million\tJPY25,000 million",
    )
    assert got == {
        ("revenue_total", "FY2022-H1", "actual"): Decimal("12345e6"),
        ("revenue_total", "FY2022-H1", "target"): Decimal("12000e6"),  # not revised: the revision is of FY2022's targets
        ("revenue_total", "FY2022", "target"): Decimal("24000e6"),
        ("revenue_total", "FY2022", "revised_target"): Decimal("25000e6"),
    }


def test_a_pre_asc810_net_income_stays_attributable_when_its_prose_says_attributable_to() -> None:
    got = facts_of(
        "TOKYO, May 15, 2008 (PRIME NEWSWIRE) -- Internet Initiative Japan Inc. (\"IIJ\") today announced its full year and "
        "fourth quarter financial results for the fiscal year ended March 31, 2008 (\"FY2007\").",
        "", "Highlights of Full FY2007 Results",
        " * Revenues totaled JPY12,345 million, an increase of 5.0% from FY2006, mainly attributable to growth in systems integration.",
        " * Net income was JPY1,234 million, an increase of 5.0% from FY2006.",
    )
    assert got == {
        ("revenue_total", "FY2007", "actual"): Decimal("12345e6"),
        ("net_income_attributable", "FY2007", "actual"): Decimal("1234e6"),
    }
