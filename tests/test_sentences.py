"""The sentence reader's rules, one at a time, on sentences in our own words (figures invented).

Each test states a rule of `ingest/sentences.py`: where a label may start, which
period and scenario a figure takes, what is never a value, and what is reported
instead of guessed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.ingest.context import document_context
from iijviewer.ingest.sentences import read_sentences

DATELINE = (
    'TOKYO, Nov. 4, 2022 (GLOBE NEWSWIRE) -- Internet Initiative Japan Inc. ("IIJ") today announced its consolidated '
    'financial results for the first six months of the fiscal year ending March 31, 2023 (from April 1 to September 30, '
    '2022, "1H22").'
)


TITLE = "IIJ Announces First Six Months Financial Results for the Fiscal Year Ending March 31, 2023"


def read(*body: str, dateline: str = DATELINE, title: str = TITLE):
    lines = [title, "", dateline, "", *body]
    ctx = document_context("doc", lines)
    facts, findings = read_sentences(ctx, lines)
    return {(f.concept, f.period, f.scenario): (f.value, f.decimals, f.source.line) for f in facts}, findings


def values(facts):
    return {k: v for k, (v, _, _) in facts.items()}


def read_lines(*body: str, dateline: str = DATELINE, title: str = TITLE):
    """Every fact as (concept, period, scenario, value, line), in reading order; and the findings' lines."""
    lines = [title, "", dateline, "", *body]
    facts, findings = read_sentences(document_context("doc", lines), lines)
    return [(f.concept, f.period, f.scenario, f.value, f.source.line) for f in facts], [f.sources[0].line for f in findings]


def test_a_subject_and_its_figure_in_the_documents_period() -> None:
    facts, _ = read("- Revenues were JPY61,234 million ($456.7 million), up 4.1% YoY.")
    assert facts == {("revenue_total", "FY2022-H1", "actual"): (Decimal("61234000000"), -6, 5)}


def test_a_target_sentence_names_several_figures_and_one_period() -> None:
    facts, _ = read(
        "Financial Targets for FY2022",
        "- IIJ targets revenues of JPY130.0 billion, operating income of JPY9.5 billion, income before income tax "
        "expense (benefit)2 of JPY9.1 billion and net income attributable to IIJ of JPY6.2 billion for FY2022.",
    )
    assert values(facts) == {
        ("revenue_total", "FY2022", "target"): Decimal("130000000000.0"),
        ("operating_income", "FY2022", "target"): Decimal("9500000000.0"),
        ("income_before_income_tax", "FY2022", "target"): Decimal("9100000000.0"),
        ("net_income_attributable", "FY2022", "target"): Decimal("6200000000.0"),
    }
    assert {d for _, d, _ in facts.values()} == {-8}


def test_a_label_starts_only_where_a_subject_can_start() -> None:
    # the deferred tax benefit, the subsidiary's loss and the order backlog name no concept: no figure
    facts, _ = read(
        "- Net income attributable to IIJ was JPY2,111 million, down 3.0% YoY, versus a deferred tax benefit of JPY1,222 million.",
        "- The order backlog for systems construction and equipment sales was JPY5,333 million.",
        "- As for systems operation and maintenance, its revenues were JPY8,444 million.",
    )
    assert values(facts) == {("net_income_attributable", "FY2022-H1", "actual"): Decimal("2111000000")}


def test_only_a_paragraphs_first_sentence_names_its_subject() -> None:
    # "Gross margin" in the second sentence is the equipment's, not the company's
    facts, _ = read("Cost of equipment sales revenues was JPY555 million, up 1.0% YoY. Gross margin was JPY99 million.")
    assert ("gross_margin", "FY2022-H1", "actual") not in facts


def test_a_wrapped_bullet_is_one_statement_and_keeps_its_line() -> None:
    facts, _ = read(
        " -- IIJ targets revenues of JPY130.0 billion, operating income of",
        "    JPY9.5 billion and net income attributable to IIJ of JPY6.2 billion",
        "    for FY2022.",
    )
    assert facts[("operating_income", "FY2022", "target")] == (Decimal("9500000000.0"), -8, 6)
    assert facts[("revenue_total", "FY2022", "target")][2] == 5


def test_a_comparative_in_parentheses_is_the_same_concept_for_its_own_period() -> None:
    facts, _ = read(
        "Income tax expense was JPY1,333 million (JPY1,111 million for 1H21).",
        "Net loss attributable to noncontrolling interests was JPY44 million (income of JPY12 million for 1H21).",
    )
    assert values(facts) == {
        ("income_tax_expense", "FY2022-H1", "actual"): Decimal("1333000000"),
        ("income_tax_expense", "FY2021-H1", "actual"): Decimal("1111000000"),
        ("net_income_noncontrolling", "FY2022-H1", "actual"): Decimal("-44000000"),
        ("net_income_noncontrolling", "FY2021-H1", "actual"): Decimal("12000000"),
    }


def test_with_no_other_period_a_figure_is_a_year_after_what_it_is_compared_with() -> None:
    undated = {"dateline": "Management commented on the quarter.", "title": "Results highlights"}  # an excerpt
    facts, _ = read("-- Revenues totaled JPY17,777 million, an increase of 9.9% from 1Q21.", **undated)
    assert values(facts) == {("revenue_total", "FY2022-Q1", "actual"): Decimal("17777000000")}
    facts, _ = read("Revenues were JPY2,345 million, up 9.9% YoY (JPY2,111 million for the nine months ended December 2021).", **undated)
    assert values(facts) == {
        ("revenue_total", "FY2022-9M", "actual"): Decimal("2345000000"),
        ("revenue_total", "FY2021-9M", "actual"): Decimal("2111000000"),
    }


def test_a_period_named_in_another_clause_is_not_the_figures() -> None:
    facts, _ = read(
        "Highlights of Financial Results for 1H22",
        "- Net income was JPY333 million, down 9.0% YoY largely because of deferred tax expense of JPY111 million",
        "  whereas we had a deferred tax benefit of JPY222 million for the six months ended September 30, 2021.",
    )
    assert set(facts) == {("net_income", "FY2022-H1", "actual")}


def test_a_revision_gives_the_earlier_target_and_the_revised_one() -> None:
    facts, _ = read(
        "Highlights of Financial Results for 1H22",
        "- FY2022 year-end dividend forecast was revised from JPY11.00 to JPY12.50 per share of common stock "
        "(FY2022 total dividend of JPY23.50, up from JPY22.00 as previously planned).",
        "- FY2022 revenue target was revised down from JPY130,000 million to JPY127,000 million.",
    )
    assert values(facts) == {
        ("dividend_per_share_year_end", "FY2022", "target"): Decimal("11.00"),
        ("dividend_per_share_year_end", "FY2022", "revised_target"): Decimal("12.50"),
        ("dividend_per_share", "FY2022", "target"): Decimal("22.00"),
        ("dividend_per_share", "FY2022", "revised_target"): Decimal("23.50"),
        ("revenue_total", "FY2022", "target"): Decimal("130000000000"),
        ("revenue_total", "FY2022", "revised_target"): Decimal("127000000000"),
    }


def test_a_dividend_is_interim_year_end_or_annual_as_its_nearest_words_say() -> None:
    facts, _ = read(
        "Financial Targets for FY2023",
        "- IIJ targets cash dividend of JPY30.00 per share for FY2023 (JPY15.00 for interim-period cash dividend and "
        "JPY15.00 for fiscal year-end cash dividend).",
        "Following its policy, IIJ decided to pay JPY14.25 per common share as FY2022 interim dividend.",
    )
    assert values(facts) == {
        ("dividend_per_share", "FY2023", "target"): Decimal("30.00"),
        ("dividend_per_share_interim", "FY2023", "target"): Decimal("15.00"),
        ("dividend_per_share_year_end", "FY2023", "target"): Decimal("15.00"),
        ("dividend_per_share_interim", "FY2022", "actual"): Decimal("14.25"),
    }


def test_a_heading_run_into_the_text_sets_the_period_and_scenario_of_what_follows() -> None:
    facts, _ = read(
        "Highlights of Financial Results for FY2021 Revenues JPY123.4 billion (up 1.2% YoY) Operating Income JPY8.8 billion "
        "(up 3.4% YoY) Financial Targets for FY2022 Revenues JPY130.0 billion (up 5.3% YoY) Operating Income JPY9.5 billion"
    )
    assert values(facts) == {
        ("revenue_total", "FY2021", "actual"): Decimal("123400000000.0"),
        ("operating_income", "FY2021", "actual"): Decimal("8800000000.0"),
        ("revenue_total", "FY2022", "target"): Decimal("130000000000.0"),
        ("operating_income", "FY2022", "target"): Decimal("9500000000.0"),
    }


def test_labels_on_one_line_and_their_figures_on_the_next_are_read_in_order() -> None:
    facts, _ = read("Highlights of Financial Results for 1H22", "", "Revenues Operating Income", "", "JPY61,234 million JPY3,210 million")
    assert values(facts) == {
        ("revenue_total", "FY2022-H1", "actual"): Decimal("61234000000"),
        ("operating_income", "FY2022-H1", "actual"): Decimal("3210000000"),
    }


@pytest.mark.parametrize(
    "line",
    [
        "IIJ estimates its operating income for FY2022 may become around JPY6 billion.",
        "Revenues were approximately JPY61 billion.",
        "The U.S. dollar amounts are translations at JPY133.53 per US$1.00.",
        "Adjusted Income before Income Tax Expense   JPY2.9 billion (up 5.0% YoY)",
    ],
)
def test_what_is_never_a_value_of_a_gaap_concept(line: str) -> None:
    facts, _ = read("Highlights of Financial Results for 1H22", line)
    assert not {k for k in facts if k[0] in ("operating_income", "revenue_total", "income_before_income_tax")}


def test_a_target_whose_period_no_text_names_is_reported_not_guessed() -> None:
    facts, findings = read("Financial Targets", "Revenues   JPY130.0 billion (up 5.3% YoY)")
    assert facts == {}
    assert [f.sources[0].line for f in findings] == [6] and "no period" in findings[0].message


def test_figures_side_by_side_that_no_text_tells_apart_are_reported() -> None:
    facts, findings = read("Dividend per common share JPY14.25 JPY14.00 JPY12.50")
    assert facts == {}
    assert any("side by side" in f.message for f in findings)


def test_a_line_too_long_for_a_sentence_is_reported_and_read_in_time() -> None:
    facts, findings = read("Revenues were JPY1 million. " * 400)
    assert facts == {} and any("no statement" in f.message for f in findings)


def test_an_amount_of_change_is_never_a_value_but_may_lead_to_one() -> None:
    facts, _ = read_lines(
        "Highlights of Financial Results for 1H22",
        "- Operating income was JPY47 million higher than in 1H21.",
        "- Revenues were JPY8,765 million more than the previous year.",
        "- Income before income tax expense was JPY1,350 million above the target.",
        "- Net income attributable to IIJ was JPY250 million below the initial target of JPY3,950 million.",
        "- Operating income was JPY1,234 million lower YoY, at JPY4,321 million.",
        "- Revenues were up JPY2,468 million YoY to JPY61,357 million.",
        "- Revenues increased by JPY2,468 million to JPY61,357 million.",
        "- Operating income was JPY4,321 million, higher than the target.",
    )
    assert facts == [
        ("operating_income", "FY2022-H1", "actual", Decimal("4321000000"), 10),
        ("revenue_total", "FY2022-H1", "actual", Decimal("61357000000"), 11),
        ("revenue_total", "FY2022-H1", "actual", Decimal("61357000000"), 12),
        ("operating_income", "FY2022-H1", "actual", Decimal("4321000000"), 13),
    ]


def test_an_intention_is_a_target_whatever_it_intends() -> None:
    facts, _ = read_lines(
        "Overview of 1H22 Financial Results",
        "- IIJ plans to pay an annual dividend of JPY29.50 per share for FY2022.",
        "- IIJ intends to pay a year-end dividend of JPY14.75 per share for FY2022.",
        "- IIJ decided to pay JPY14.75 per common share as FY2022 interim dividend.",
    )
    assert facts == [
        ("dividend_per_share", "FY2022", "target", Decimal("29.50"), 6),
        ("dividend_per_share_year_end", "FY2022", "target", Decimal("14.75"), 7),
        ("dividend_per_share_interim", "FY2022", "actual", Decimal("14.75"), 8),
    ]


def test_words_of_what_will_be_are_a_target_for_a_later_period_and_never_a_result() -> None:
    facts, findings = read_lines(
        "Overview of 1H22 Financial Results and Business Outlook",
        "- For FY2022, we expect revenues of JPY137.5 billion and operating income of JPY9.75 billion.",
        "- Revenues will be JPY137.5 billion for FY2022.",
        "- We expect revenues of JPY137.5 billion, driven by mobile services.",  # for the half it reports: cannot tell
        "- Revenues for FY2022 were JPY137.5 billion.",  # a result for a year not over yet
    )
    assert facts == [
        ("revenue_total", "FY2022", "target", Decimal("137500000000.0"), 6),
        ("operating_income", "FY2022", "target", Decimal("9750000000.00"), 6),
        ("revenue_total", "FY2022", "target", Decimal("137500000000.0"), 7),
    ]
    assert findings == [8, 9]


def test_what_will_be_for_a_period_the_document_reports_is_a_result_only_where_a_decision_made_it() -> None:
    notice = {
        "title": "IIJ Announces the Distribution of Retained Earnings (Year-end Dividend)",
        "dateline": 'TOKYO, May 13, 2022 -- Internet Initiative Japan Inc. ("IIJ") announced that its Board of Directors '
        "today resolved upon the year-end dividend to shareholders on the record date of March 31, 2022.",
    }
    facts, findings = read_lines(
        "Together with the interim dividend of JPY13.25 per share already paid, the annual dividend for FY2021 will be "
        "JPY27.75 per share.",
        "The annual dividend for FY2021 will be JPY27.75 per share.",
        **notice,
    )
    assert facts == [
        ("dividend_per_share_interim", "FY2021", "actual", Decimal("13.25"), 5),
        ("dividend_per_share", "FY2021", "actual", Decimal("27.75"), 5),
    ]
    assert findings == [6]


FY_RELEASE = {
    "title": "IIJ Announces Full Year Financial Results for the Fiscal Year Ended March 31, 2022",
    "dateline": 'TOKYO, May 13, 2022 -- Internet Initiative Japan Inc. ("IIJ") today announced its consolidated financial '
    'results for the fiscal year ended March 31, 2022 (from April 1, 2021 to March 31, 2022, "FY2021").',
}
Q1_RELEASE = {
    "title": "IIJ Announces First Three Months Financial Results for the Fiscal Year Ending March 31, 2023",
    "dateline": 'TOKYO, Aug. 5, 2022 -- Internet Initiative Japan Inc. ("IIJ") today announced its consolidated financial '
    'results for the first three months of the fiscal year ending March 31, 2023 (from April 1 to June 30, 2022, "1Q22").',
}


def test_a_heading_that_names_a_part_of_the_year_no_period_reading_tells_gives_no_period() -> None:
    facts, findings = read_lines(
        "Highlights of Financial Results for FY2021",
        "Revenues JPY123.4 billion (up 1.2% YoY)",
        "",
        "Highlights of Financial Results for the Fourth Quarter",
        "- Revenues were JPY33,456 million, up 2.3% YoY.",
        "",
        "Highlights of the First Nine Months Results",
        "- Operating income was JPY6,791 million.",
        **FY_RELEASE,
    )
    assert facts == [("revenue_total", "FY2021", "actual", Decimal("123400000000.0"), 6)]
    assert findings == [9, 12]


def test_a_part_of_the_year_named_beside_a_figure_and_read_by_no_period_gives_no_period() -> None:
    facts, findings = read_lines(
        "Overview of FY2021 Financial Results",
        "Revenues were JPY33,456 million in the fourth quarter, up 2.3% YoY.",
        "Net income attributable to IIJ was JPY1,371 million in the January-March quarter.",
        "Operating income was JPY2,468 million in the second half.",
        "In the fourth quarter, revenues were JPY33,456 million.",  # no label starts after words no period reading tells
        "Operating income was JPY2,468 million for the three months ended March 31, 2022.",
        "Net income attributable to IIJ was JPY4,567 million, up 3.0% YoY, as the prior-year quarter had a one-time gain.",
        **FY_RELEASE,
    )
    assert facts == [
        ("operating_income", "FY2021-Q4", "actual", Decimal("2468000000"), 10),
        ("net_income_attributable", "FY2021", "actual", Decimal("4567000000"), 11),
    ]
    assert findings == [6, 7, 8]


def test_full_year_targets_in_a_section_of_part_of_the_year_are_the_years() -> None:
    facts, findings = read_lines(
        "Highlights of Financial Results for 1Q22",
        "- Revenues were JPY31,234 million, up 4.1% YoY.",
        "- Full-year targets are unchanged: revenues of JPY137.5 billion and operating income of JPY9.75 billion.",
        "- IIJ targets revenues of JPY137.5 billion.",  # which period the target is for: its words do not say
        **Q1_RELEASE,
    )
    assert facts == [
        ("revenue_total", "FY2022-Q1", "actual", Decimal("31234000000"), 6),
        ("revenue_total", "FY2022", "target", Decimal("137500000000.0"), 7),
        ("operating_income", "FY2022", "target", Decimal("9750000000.00"), 7),
    ]
    assert findings == [8]


def test_full_year_targets_in_a_release_of_a_years_results_may_be_the_next_years() -> None:
    facts, findings = read_lines(
        "Highlights of Financial Results for FY2021",
        "- Revenues were JPY123,456 million, up 1.2% YoY.",
        "- Full-year targets: revenues of JPY137.5 billion and operating income of JPY9.75 billion.",
        "- Revised the year-end dividend plan from previous JPY12.25 to JPY13.75 per share.",  # a target that stood: the year's
        **FY_RELEASE,
    )
    assert facts == [
        ("revenue_total", "FY2021", "actual", Decimal("123456000000"), 6),
        ("dividend_per_share_year_end", "FY2021", "target", Decimal("12.25"), 8),
        ("dividend_per_share_year_end", "FY2021", "revised_target", Decimal("13.75"), 8),
    ]
    assert findings == [7, 7]


def test_a_heading_of_results_and_targets_names_each_its_period_and_makes_no_figure_a_target() -> None:
    facts, findings = read_lines(
        "Highlights of 1Q22 Financial Results and FY2022 Financial Targets",
        "- Revenues were JPY31,234 million, up 4.1% YoY.",
        "- IIJ maintains its targets of revenues of JPY137.5 billion and operating income of JPY9.75 billion.",
        "",
        "Overview of 1Q22 Financial Results and Business Outlook",
        "- Operating income was JPY2,345 million, up 3.2% YoY.",
        "- We expect revenues of JPY137.5 billion, driven by cloud services.",  # the heading names no year for it
        **Q1_RELEASE,
    )
    assert facts == [
        ("revenue_total", "FY2022-Q1", "actual", Decimal("31234000000"), 6),
        ("revenue_total", "FY2022", "target", Decimal("137500000000.0"), 7),
        ("operating_income", "FY2022", "target", Decimal("9750000000.00"), 7),
        ("operating_income", "FY2022-Q1", "actual", Decimal("2345000000"), 10),
    ]
    assert findings == [11]


def test_a_dividend_brought_in_by_another_is_of_its_own_kind_and_takes_no_intention() -> None:
    facts, _ = read_lines(
        "- IIJ plans a year-end dividend of JPY15.25 per share for FY2021, making the annual dividend JPY28.75 per share "
        "including the interim dividend of JPY13.50.",
        "- IIJ resolved a final dividend of JPY15.25 per share for FY2021.",
        **FY_RELEASE,
    )
    assert facts == [
        ("dividend_per_share_year_end", "FY2021", "target", Decimal("15.25"), 5),
        ("dividend_per_share", "FY2021", "target", Decimal("28.75"), 5),
        ("dividend_per_share_interim", "FY2021", "actual", Decimal("13.50"), 5),
        ("dividend_per_share_year_end", "FY2021", "actual", Decimal("15.25"), 6),
    ]


def test_a_notice_of_one_dividend_says_what_its_unqualified_dividends_are() -> None:
    interim_notice = {
        "title": "IIJ Announces the Distribution of Retained Earnings (Interim Dividend)",
        "dateline": 'TOKYO, Nov. 4, 2022 -- Internet Initiative Japan Inc. ("IIJ") announced that its Board of Directors '
        "today resolved upon the interim dividend to shareholders on the record date of September 30, 2022.",
    }
    facts, _ = read_lines("IIJ decided to pay a dividend of JPY14.75 per common share, as disclosed before.", **interim_notice)
    assert facts == [("dividend_per_share_interim", "FY2022", "actual", Decimal("14.75"), 5)]
    facts, _ = read_lines("IIJ decided to pay a dividend of JPY29.50 per common share for FY2021.", **FY_RELEASE)
    assert facts == [("dividend_per_share", "FY2021", "actual", Decimal("29.50"), 5)]


def test_a_previous_target_is_dated_by_the_announcement_of_its_revision_as_a_tables_is() -> None:
    revised = "- FY2022 year-end dividend forecast was revised from JPY15.25 to JPY16.75 per share."

    def revision_announced(on: str) -> str:
        return (
            'TOKYO, Feb. 3, 2023 -- Internet Initiative Japan Inc. ("IIJ") today announced that it has revised its year-end '
            f'dividend forecast for the fiscal year ending March 31, 2023 ("FY2022"), which was announced on {on}.'
        )

    title = "Notice Regarding Revision of Dividend Forecast"
    # set in the year's first quarter: the target as first announced
    facts, findings = read_lines(revised, dateline=revision_announced("May 13, 2022"), title=title)
    assert facts == [
        ("dividend_per_share_year_end", "FY2022", "target", Decimal("15.25"), 5),
        ("dividend_per_share_year_end", "FY2022", "revised_target", Decimal("16.75"), 5),
    ]
    # set later in the year: itself a revision, superseded by the one the document states
    facts, findings = read_lines(revised, dateline=revision_announced("November 4, 2022"), title=title)
    assert facts == [("dividend_per_share_year_end", "FY2022", "revised_target", Decimal("16.75"), 5)]
    assert findings == [5]


def test_a_dateline_revision_revises_only_the_targets_of_the_periods_it_names() -> None:
    dateline = DATELINE.replace('"1H22").', '"1H22") and revised its financial targets for FY2022.')
    facts, _ = read(
        "IIJ targets revenues of JPY12,345 million for FY2022.",
        "",
        "IIJ targets revenues of JPY13,579 million for FY2023.",
        dateline=dateline,
    )

    assert values(facts) == {
        ("revenue_total", "FY2022", "revised_target"): Decimal("12345000000"),
        ("revenue_total", "FY2023", "target"): Decimal("13579000000"),  # a target the revision does not concern
    }


def test_an_undated_previous_target_in_a_sentence_is_left_for_the_library_to_confirm() -> None:
    from dataclasses import replace

    from iijviewer.analysis.normalize import choose
    from iijviewer.base.facts import PRESUMED_FIRST

    lines = [TITLE, "", DATELINE, "", "- FY2022 year-end dividend forecast was revised from JPY15.25 to JPY16.75 per share."]
    facts, _ = read_sentences(document_context("later", lines), lines)
    assert [(f.scenario, f.value, f.classification) for f in facts] == [
        ("target", Decimal("15.25"), PRESUMED_FIRST),
        ("revised_target", Decimal("16.75"), ""),
    ]
    # alone in the library, the document's own word stands: the old figure is the target as first announced
    winners, _ = choose(facts, {"later": "2022-11-04"})
    assert {(f.scenario, f.value) for f in winners} == {("target", Decimal("15.25")), ("revised_target", Decimal("16.75"))}
    # an earlier announcement of another target makes the undated previous one an earlier revision
    earlier = replace(facts[0], value=Decimal("14.75"), classification="", source=replace(facts[0].source, document="first"))
    winners, _ = choose([earlier, *facts], {"first": "2022-05-13", "later": "2022-11-04"})
    assert {(f.scenario, f.value) for f in winners} == {("target", Decimal("14.75")), ("revised_target", Decimal("16.75"))}
