"""One value per (concept, period, scenario): tolerance, ranking, history and statuses.

Facts are built here from plain values; the document dates stand for the
library's publication dates ("2013-12-00" is a month-only date, which sorts
before the days of that month and after the month before).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.analysis.normalize import agree, build, choose, tolerance
from iijviewer.base.facts import RawFact, SourceRef
from iijviewer.base.vocabulary import ReportStatus

DATES = {
    "2009-doc": "2009-07-08",
    "2010-doc": "2010-11-15",
    "2011-doc": "2011-11-08",
    "2013-doc": "2013-12-00",
}


def fact(
    value: str,
    decimals: int,
    document: str = "2010-doc",
    line: int = 10,
    *,
    concept: str = "revenue_total",
    period: str = "FY2010-H1",
    scenario: str = "actual",
    classification: str = "",
) -> RawFact:
    return RawFact(
        concept=concept,
        period=period,
        scenario=scenario,
        value=Decimal(value),
        unit="JPY",
        decimals=decimals,
        source=SourceRef(document, line),
        label="Revenues",
        text="Revenues ...",
        classification=classification,
    )


@pytest.mark.parametrize(
    ("a", "b", "agrees"),
    [
        # the contract's examples
        (("34.3e9", -8), ("34272e6", -6), True),
        (("47.2e9", -8), ("47207e6", -6), True),
        (("1201e6", -6), ("1166e6", -6), False),
        # a thousand-yen figure and its million-yen rounding
        (("34272080e3", -3), ("34272e6", -6), True),
        (("34272080e3", -3), ("34273e6", -6), False),
        # exactly half a unit of the coarser precision still agrees; beyond it does not
        (("34.3e9", -8), ("34350e6", -6), True),
        (("34.3e9", -8), ("34351e6", -6), False),
        (("34.3e9", -8), ("34250e6", -6), True),
        (("34.3e9", -8), ("34249e6", -6), False),
        # negative figures and yen per share
        (("-0.2e9", -8), ("-195127e3", -3), True),
        (("4241.14", 2), ("4241", 0), True),
        (("4241.14", 2), ("4242", 0), False),
    ],
)
def test_agreement_within_half_a_unit_of_the_coarser_precision(a, b, agrees: bool) -> None:
    fa, fb = fact(*a), fact(*b)
    assert agree(fa, fb) is agrees
    assert agree(fb, fa) is agrees


@pytest.mark.parametrize(
    ("a", "b", "half_unit"),
    [(-8, -6, "5e7"), (-6, -8, "5e7"), (-3, -3, "500"), (2, 0, "0.5"), (2, 2, "0.005"), (0, -3, "500")],
)
def test_tolerance(a: int, b: int, half_unit: str) -> None:
    assert tolerance(a, b) == Decimal(half_unit)


def _statuses(raw: list[RawFact]) -> tuple[list[RawFact], list[tuple[str, int, str]]]:
    winners, occurrences = choose(raw, DATES)
    return winners, sorted((o.fact.source.document, o.fact.source.line, o.status) for o in occurrences)


def test_most_precise_report_wins_even_when_older() -> None:
    raw = [fact("34.3e9", -8, "2011-doc", 78), fact("34272080e3", -3, "2010-doc", 375), fact("34272e6", -6, "2010-doc", 23)]
    winners, statuses = _statuses(raw)
    assert [(w.value, w.source) for w in winners] == [(Decimal("34272080e3"), SourceRef("2010-doc", 375))]
    assert statuses == [("2010-doc", 23, ReportStatus.AGREES), ("2010-doc", 375, ReportStatus.CHOSEN), ("2011-doc", 78, ReportStatus.AGREES)]


def test_among_equally_precise_reports_the_latest_document_wins() -> None:
    raw = [fact("1166e6", -6, "2010-doc", 24), fact("1201e6", -6, "2011-doc", 80), fact("1201e6", -6, "2009-doc", 5)]
    winners, statuses = _statuses(raw)
    assert [w.source for w in winners] == [SourceRef("2011-doc", 80)]
    assert statuses == [("2009-doc", 5, ReportStatus.AGREES), ("2010-doc", 24, ReportStatus.CONFLICT), ("2011-doc", 80, ReportStatus.CHOSEN)]


def test_a_month_only_date_is_later_than_the_month_before() -> None:
    raw = [fact("5.0e9", -8, "2011-doc"), fact("5.1e9", -8, "2013-doc")]
    winners, _ = _statuses(raw)
    assert [w.source.document for w in winners] == ["2013-doc"]


def test_old_classification_never_wins() -> None:
    """Even more precise and more recent, a figure under the old classification is history."""
    raw = [
        fact("6249414e3", -3, "2013-doc", 600, concept="revenue_outsourcing_services", classification="old"),
        fact("3.6e9", -8, "2009-doc", 40, concept="revenue_outsourcing_services"),
    ]
    winners, statuses = _statuses(raw)
    assert [(w.value, w.source.document) for w in winners] == [(Decimal("3.6e9"), "2009-doc")]
    assert statuses == [("2009-doc", 40, ReportStatus.CHOSEN), ("2013-doc", 600, ReportStatus.OLD_CLASSIFICATION)]


def test_history_alone_chooses_nothing() -> None:
    winners, statuses = _statuses([fact("6249414e3", -3, "2010-doc", 600, classification="old")])
    assert winners == []
    assert statuses == [("2010-doc", 600, ReportStatus.OLD_CLASSIFICATION)]


def test_each_key_is_chosen_separately() -> None:
    raw = [
        fact("34272e6", -6, "2010-doc", 23),
        fact("32300e6", -6, "2010-doc", 23, scenario="target"),
        fact("32275e6", -6, "2010-doc", 57, period="FY2009-H1"),
        fact("1201e6", -6, "2010-doc", 24, concept="operating_income"),
    ]
    winners, statuses = _statuses(raw)
    assert sorted(w.key for w in winners) == sorted(f.key for f in raw)
    assert {s for _, _, s in statuses} == {ReportStatus.CHOSEN}


# --- the normalized statements: reported beats derived, derived names its inputs ------


def test_reported_facts_are_normalized_and_missing_flows_derived() -> None:
    raw = [
        fact("34272080e3", -3, period="FY2010-H1"),
        fact("17000000e3", -3, period="FY2010-Q2", line=11),
        fact("20000000e3", -3, concept="cash_and_equivalents", period="2010-09-30", line=12),
        fact("32300e6", -6, period="FY2010-H1", scenario="target", line=13),
    ]
    normalized = build(raw, DATES)
    facts = {f.key: f for f in normalized.facts}
    h1 = facts[("revenue_total", "FY2010-H1", "actual")]
    assert (h1.value, h1.derived, h1.source) == (Decimal("34272080e3"), False, SourceRef("2010-doc", 10))
    q1 = facts[("revenue_total", "FY2010-Q1", "actual")]
    assert (q1.value, q1.decimals, q1.derived, q1.source) == (Decimal("17272080e3"), -3, True, None)
    assert "FY2010-H1" in q1.label and "FY2010-Q2" in q1.label
    # never for instants, never for targets
    assert not any(f.derived and f.concept == "cash_and_equivalents" for f in normalized.facts)
    assert not any(f.derived and f.scenario != "actual" for f in normalized.facts)


def test_a_conflict_is_flagged_on_the_normalized_fact() -> None:
    normalized = build([fact("1166e6", -6, "2010-doc", 24), fact("1201e6", -6, "2011-doc", 80)], DATES)
    (only,) = [f for f in normalized.facts if f.key == ("revenue_total", "FY2010-H1", "actual")]
    assert (only.value, only.conflict) == (Decimal("1201e6"), True)


# --- rows that more precise reports contradict wherever both speak --------------------


def _row(values: dict[str, str], decimals: int, document: str, line: int = 247) -> list[RawFact]:
    return [fact(v, decimals, document, line, concept="equity_method_income", period=p) for p, v in values.items()]


def _status(occurrences, period: str, document: str) -> str:
    return next(o.status for o in occurrences if o.fact.period == period and o.fact.source.document == document)


SLIPPED = {"FY2010-Q1": "54e6", "FY2010-Q2": "48e6", "FY2010-Q3": "51e6", "FY2011-Q2": "18e6"}


def test_a_row_contradicted_in_every_shared_period_gives_no_figure_of_its_own() -> None:
    statements = _row({"FY2010-Q2": "-2657e3"}, -3, "2010-doc", 671) + _row({"FY2011-Q2": "36682e3"}, -3, "2013-doc", 629)
    winners, occurrences = choose(_row(SLIPPED, -6, "2011-doc") + statements, DATES)
    assert {w.period: w.source.document for w in winners} == {"FY2010-Q2": "2010-doc", "FY2011-Q2": "2013-doc"}
    assert _status(occurrences, "FY2010-Q1", "2011-doc") == "unreliable_row"
    assert _status(occurrences, "FY2010-Q2", "2011-doc") == ReportStatus.CONFLICT


@pytest.mark.parametrize(
    "statements",
    [
        # one misprint: contradicted in one shared period only
        {"FY2010-Q2": "48000e3", "FY2011-Q2": "36682e3"},
        # contradicted in both, but by a rounding slip, not by another row's figures
        {"FY2010-Q2": "46100e3", "FY2011-Q2": "16300e3"},
        # shared in one period only
        {"FY2011-Q2": "36682e3"},
    ],
)
def test_a_misprint_or_a_rounding_does_not_condemn_a_row(statements: dict[str, str]) -> None:
    winners, occurrences = choose(_row(SLIPPED, -6, "2011-doc") + _row(statements, -3, "2013-doc", 5), DATES)
    assert any(w.period == "FY2010-Q1" for w in winners)
    assert "unreliable_row" not in {o.status for o in occurrences}


def test_rows_of_equal_precision_never_condemn_each_other() -> None:
    other = {"FY2010-Q2": "-3e6", "FY2011-Q2": "37e6"}
    winners, occurrences = choose(_row(SLIPPED, -6, "2011-doc") + _row(other, -6, "2013-doc", 5), DATES)
    assert "unreliable_row" not in {o.status for o in occurrences}
    assert any(w.period == "FY2010-Q1" for w in winners)


def test_per_share_figures_apart_by_a_stock_splits_factor_are_no_slipped_row() -> None:
    # per old share (a 2011 slide, whole yen) against per new share (a later release, sen): 200 times apart
    old = [fact(v, 0, "2011-doc", 425, concept="eps_basic", period=p) for p, v in
           {"FY2010-H1": "4241", "FY2011-H1": "6718", "FY2010": "15761"}.items()]
    new = [fact(v, 2, "2013-doc", 387, concept="eps_basic", period=p) for p, v in {"FY2010-H1": "21.21", "FY2011-H1": "33.59"}.items()]
    winners, occurrences = choose(old + new, DATES)
    assert "unreliable_row" not in {o.status for o in occurrences}
    assert {w.period: w.value for w in winners}["FY2010"] == Decimal("15761")  # left for the basis finding to explain


# --- targets restated by later documents -----------------------------------------------------------

RESTATED = {"may": "2022-05-13", "aug": "2022-08-05", "feb": "2023-02-09"}


def target(value: str, document: str, concept: str = "operating_income", table: int = 20, **kw) -> RawFact:
    f = fact(value, -8, document, concept=concept, period="FY2022", scenario="target", **kw)
    from dataclasses import replace

    return replace(f, table_line=table)


def test_a_target_stated_otherwise_later_makes_that_documents_set_revised() -> None:
    raw = [
        target("7.0e9", "may"),
        target("204.0e9", "may", "revenue_total"),
        # February restates the set: operating income changed, revenue did not
        target("7.6e9", "feb"),
        target("204.0e9", "feb", "revenue_total"),
    ]
    _, occ = choose(raw, RESTATED)
    by = {(o.fact.source.document, o.fact.concept): o.fact.scenario for o in occ}
    assert by == {
        ("may", "operating_income"): "target",
        ("may", "revenue_total"): "target",
        ("feb", "operating_income"): "revised_target",
        ("feb", "revenue_total"): "revised_target",  # the whole set is the revised one
    }
    assert not [o for o in occ if o.status == ReportStatus.CONFLICT]


def test_a_target_restated_unchanged_stays_the_target_and_its_announcement_day_counts() -> None:
    raw = [target("7.0e9", "may"), target("7.0e9", "aug")]
    _, occ = choose(raw, RESTATED)
    assert {o.fact.scenario for o in occ} == {"target"}
    # "(announced on May 13, 2022)": a restatement dated with the first announcement is no revision
    from dataclasses import replace

    raw = [target("7.0e9", "may"), replace(target("7.2e9", "feb"), announced="2022-05-13")]
    _, occ = choose(raw, RESTATED)
    assert {o.fact.scenario for o in occ} == {"target"} and [o.status for o in occ].count(ReportStatus.CONFLICT) == 1


def test_an_undated_previous_target_is_kept_only_where_an_earlier_announcement_confirms_it() -> None:
    from iijviewer.analysis.normalize import _choose
    from iijviewer.base.facts import UNCONFIRMED

    confirmed = [target("7.0e9", "may"), target("7.0e9", "feb", classification=UNCONFIRMED)]
    winners, occ, _, superseded = _choose(confirmed, RESTATED)
    assert superseded == [] and len(occ) == 2 and {o.fact.classification for o in occ} == {""}
    revision = [target("7.0e9", "may"), target("6.4e9", "feb", classification=UNCONFIRMED)]  # itself a revision
    _, occ, _, superseded = _choose(revision, RESTATED)
    assert [f.value for f in superseded] == [Decimal("6.4e9")] and len(occ) == 1
    alone = [target("6.4e9", "feb", classification=UNCONFIRMED)]  # nothing to confirm it
    _, occ, _, superseded = _choose(alone, RESTATED)
    assert occ == [] and len(superseded) == 1


def test_the_old_figure_of_revised_from_x_to_y_stands_unless_another_document_said_otherwise_before() -> None:
    from iijviewer.analysis.normalize import _choose
    from iijviewer.base.facts import PRESUMED_FIRST

    alone = [target("6.4e9", "feb", classification=PRESUMED_FIRST)]
    winners, _, _, superseded = _choose(alone, RESTATED)
    assert superseded == [] and [(f.scenario, f.value, f.classification) for f in winners] == [("target", Decimal("6.4e9"), "")]
    later = [target("6.4e9", "feb", classification=PRESUMED_FIRST), target("5.0e9", "excerpt")]  # undated: order unknown
    _, _, _, superseded = _choose(later, {**RESTATED, "excerpt": ""})
    assert [f.value for f in superseded] == [Decimal("6.4e9")]
    undated = [target("5.0e9", "may"), target("6.4e9", "excerpt", classification=PRESUMED_FIRST)]  # its own day unknown
    _, occ, _, superseded = _choose(undated, {**RESTATED, "excerpt": ""})
    assert [f.value for f in superseded] == [Decimal("6.4e9")] and [o.fact.value for o in occ] == [Decimal("5.0e9")]


# --- per-share figures on one share basis ----------------------------------------------------------


def test_per_share_reports_on_two_bases_agree_on_todays_basis_and_the_finer_one_wins() -> None:
    from iijviewer.analysis.sharebasis import ShareBasis

    dates = {"before": "2012-05-15", "after": "2012-11-08"}
    basis = ShareBasis((("2012-10-01", Decimal(200)),), dates)

    def dividend(value: str, decimals: int, document: str, concept: str = "dividend_per_share_year_end") -> RawFact:
        from dataclasses import replace

        return replace(fact(value, decimals, document, concept=concept, period="FY2012", scenario="target"), unit="JPY/share")

    forecast = [dividend("1750", 0, "before"), dividend("8.75", 2, "after")]
    winners, occ = choose(forecast, dates, basis)
    assert [w.value for w in winners] == [Decimal("1750")]  # to 1/400 of a yen per new share, finer than 8.75
    assert sorted(o.status for o in occ) == [ReportStatus.AGREES, ReportStatus.CHOSEN]
    # an interim dividend whose record date came before the split stays per old share, also in a later document
    paid = dividend("1750", 0, "after", "dividend_per_share_interim")
    assert basis.factor(paid) == 200 and basis.factor(dividend("8.75", 2, "after")) == 1
    # without the split, the two are a conflict
    _, occ = choose(forecast, dates)
    assert ReportStatus.CONFLICT in {o.status for o in occ}


# --- documents without a date: no place in the order -------------------------------------------------


def test_an_undated_target_is_neither_the_first_announcement_nor_a_revision_of_it() -> None:
    dates = {"aug": "2022-08-05", "excerpt": ""}
    raw = [target("176.0e9", "aug", "revenue_total"), target("6.5e9", "aug"),
           target("180.0e9", "excerpt", "revenue_total", table=3), target("7.0e9", "excerpt", table=3)]
    winners, occ = choose(raw, dates)
    assert {(o.fact.source.document, o.fact.concept): o.fact.scenario for o in occ} == {
        ("aug", "revenue_total"): "target",
        ("aug", "operating_income"): "target",
        ("excerpt", "revenue_total"): "target",
        ("excerpt", "operating_income"): "target",
    }
    # the dated announcement is chosen, the undated one is a conflict for `check`
    assert {w.source.document for w in winners} == {"aug"}
    assert sorted(o.status for o in occ) == [ReportStatus.CHOSEN, ReportStatus.CHOSEN, ReportStatus.CONFLICT, ReportStatus.CONFLICT]


def test_an_undated_document_never_wins_as_the_later_one() -> None:
    winners, _ = choose([fact("100e6", -6, "2010-doc"), fact("100e6", -6, "undated")], {**DATES, "undated": ""})
    assert [w.source.document for w in winners] == ["2010-doc"]


def test_an_undated_previous_target_is_never_confirmed_by_an_undated_one() -> None:
    from iijviewer.analysis.normalize import _choose
    from iijviewer.base.facts import UNCONFIRMED

    raw = [target("7.0e9", "excerpt"), target("7.0e9", "feb", classification=UNCONFIRMED)]
    _, _, _, superseded = _choose(raw, {**RESTATED, "excerpt": ""})
    assert len(superseded) == 1


def per_share_target(value: str, decimals: int, document: str, period: str = "FY2022") -> RawFact:
    from dataclasses import replace

    f = fact(value, decimals, document, concept="dividend_per_share", period=period, scenario="target")
    return replace(f, unit="JPY/share", table_line=20)


def test_a_per_share_target_stated_otherwise_later_is_a_revision_on_one_share_basis() -> None:
    from iijviewer.analysis.sharebasis import ShareBasis

    basis = ShareBasis((("2012-10-01", Decimal(200)),), RESTATED)
    _, occ = choose([per_share_target("34.00", 2, "may"), per_share_target("37.00", 2, "feb")], RESTATED, basis)
    assert {o.fact.source.document: o.fact.scenario for o in occ} == {"may": "target", "feb": "revised_target"}
    _, occ = choose([per_share_target("34.00", 2, "may"), per_share_target("34.00", 2, "feb")], RESTATED, basis)
    assert {o.fact.scenario for o in occ} == {"target"}
    # across the split: the same target per old and per new share is no revision
    dates = {"before": "2012-05-15", "after": "2012-11-08"}
    split = ShareBasis((("2012-10-01", Decimal(200)),), dates)
    restated = [per_share_target("3000", 0, "before", "FY2012"), per_share_target("15.00", 2, "after", "FY2012")]
    _, occ = choose(restated, dates, split)
    assert {o.fact.scenario for o in occ} == {"target"}
    # without the library's splits, per-share targets decide nothing (a split's factor would look like a revision)
    _, occ = choose(restated, dates)
    assert {o.fact.scenario for o in occ} == {"target"} and ReportStatus.CONFLICT in {o.status for o in occ}


# --- the share basis of a document without a date ------------------------------------------------


def test_an_undated_documents_share_basis_is_what_its_figures_say_or_unknown() -> None:
    from dataclasses import replace

    from iijviewer.analysis.sharebasis import ShareBasis

    dates = {"after": "2018-05-24", "excerpt": ""}
    basis = ShareBasis((("2012-10-01", Decimal(200)),), dates)

    def per_share(value: str, document: str, scenario: str = "actual", period: str = "FY2017") -> RawFact:
        f = fact(value, 2, document, concept="dividend_per_share", period=period, scenario=scenario)
        return replace(f, unit="JPY/share")

    result = per_share("12.34", "excerpt")  # a result for a year that ended after the split: printed after it
    assert basis.factor(result) == 1
    assert basis.factor(per_share("12.34", "excerpt", "target")) is None  # a target: when, the excerpt does not say
    assert basis.factor(per_share("2468", "excerpt", "actual", "FY2011")) == 200  # paid before the split: per old share
    winners, occ = choose([per_share("12.34", "after"), result], dates, basis)
    assert [w.source.document for w in winners] == ["after"]  # same precision: the dated one
    assert sorted(o.status for o in occ) == [ReportStatus.AGREES, ReportStatus.CHOSEN]
    # unknown: never divided, compared as printed
    unknown = per_share("2468", "excerpt", "target", "FY2012")
    assert basis.factor(unknown) is None and basis.adjusted(unknown)[0] == Decimal("2468") and basis.precision(unknown) == 2
