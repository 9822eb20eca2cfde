"""The trends plot's data, headless: periods on the axis, values per series, derived flags, growth, readout."""

from __future__ import annotations

import math
import time
from decimal import Decimal

import numpy as np
import pytest

from iijviewer.analysis.normalize import Fact
from iijviewer.base.concepts import catalog
from iijviewer.base.formatting import BILLIONS, MILLIONS
from iijviewer.views.trends_data import (
    ANNUAL,
    GROWTH,
    HALF_YEARLY,
    LEVEL,
    QUARTERLY,
    build_chart,
    chart_periods,
    short_period_label,
)
from iijviewer.views.viewdata import FactIndex, period_label

PRESS_2010 = "2010-11-15_press-release_1H-FY2010-results"


def _series(chart, name):
    return next(s for s in chart.series if s.name == name)


def test_quarterly_axis_runs_over_consecutive_quarters_without_skipping_missing_ones(index):
    periods = chart_periods(index, ["revenue_total"], QUARTERLY)
    assert periods[0] == "FY2007-Q4" and periods[-1] == "FY2012-Q2"
    assert len(periods) == 19  # 4Q FY2007 .. 2Q FY2012, every quarter in between
    assert "FY2010-Q3" in periods and index.value("revenue_total", "FY2010-Q3") is None


def test_revenue_quarters_equal_the_index_and_derived_points_are_flagged(index):
    chart = build_chart(index, ["revenue_total"], QUARTERLY)
    actual = _series(chart, "Total revenues")
    start, end = chart.periods.index("FY2009-Q1"), chart.periods.index("FY2012-Q2")
    checked = derived = 0
    for i in range(start, end + 1):
        key = chart.periods[i]
        assert chart.labels[i] == period_label(key)
        fact = index.get("revenue_total", key)
        if fact is None:
            assert math.isnan(actual.values[i]), key  # a gap, not an interpolated point
            assert actual.sources[i] == ""
            continue
        checked += 1
        assert actual.values[i] == float(fact.value)
        assert actual.exact[i] == fact.value
        assert bool(actual.derived[i]) == fact.derived
        derived += fact.derived
    assert checked == 8 and derived == 4
    assert chart.labels[chart.periods.index("FY2010-Q1")] == "1Q FY2010"


def test_sources_name_the_document_line_or_the_inputs(index):
    chart = build_chart(index, ["revenue_total"], QUARTERLY)
    s = _series(chart, "Total revenues")
    q2 = chart.periods.index("FY2010-Q2")
    q1 = chart.periods.index("FY2010-Q1")
    assert s.sources[q2] == f"{PRESS_2010}:649"
    assert s.sources[q1] == "derived: FY2010-H1 - FY2010-Q2"


def test_targets_and_revised_targets_are_series_of_their_own(index):
    chart = build_chart(index, ["operating_income"], HALF_YEARLY)
    names = [s.name for s in chart.series]
    assert names == ["Operating income", "Operating income \u2014 target", "Operating income \u2014 revised target"]
    h1 = chart.periods.index("FY2011-H1")
    assert _series(chart, "Operating income \u2014 target").values[h1] == 2.0e9
    assert _series(chart, "Operating income \u2014 revised target").values[h1] == 2.4e9
    assert _series(chart, "Operating income").values[h1] == 2448207000.0
    assert all(s.is_target for s in chart.series[1:])


def test_a_concept_without_targets_has_only_its_actuals(index):
    chart = build_chart(index, ["gross_margin"], HALF_YEARLY)
    assert [s.scenario for s in chart.series] == ["actual"]


def test_instants_are_read_at_the_end_of_each_period(index):
    chart = build_chart(index, ["cash_and_equivalents"], HALF_YEARLY)
    s = chart.series[0]
    h1 = chart.periods.index("FY2010-H1")
    assert s.keys[h1] == "2010-09-30"
    assert s.values[h1] == float(index.value("cash_and_equivalents", "2010-09-30"))
    assert "as of 2010-09-30" in chart.readout(h1)[1]


def test_annual_axis_reaches_the_latest_target(index):
    chart = build_chart(index, ["revenue_total"], ANNUAL)
    assert chart.periods[-1] == "FY2013"
    target = _series(chart, "Total revenues \u2014 target")
    assert target.values[-1] == 117e9


def test_growth_is_measured_against_the_prior_year_actual(index):
    chart = build_chart(index, ["revenue_total"], QUARTERLY, GROWTH)
    s = _series(chart, "Total revenues")
    q2 = chart.periods.index("FY2010-Q2")
    expected = (18458817000 / 16440514000 - 1) * 100
    assert s.values[q2] == pytest.approx(expected)
    assert s.bases[q2] is index.get("revenue_total", "FY2009-Q2")
    # no prior-year figure, no growth point
    assert math.isnan(s.values[chart.periods.index("FY2009-Q2")])
    # a derived quarter stays marked in growth mode
    assert s.derived[chart.periods.index("FY2010-Q1")]
    assert chart.y_caption(MILLIONS) == "YoY change, %"


def test_a_target_s_growth_is_against_last_year_s_actual(index):
    chart = build_chart(index, ["revenue_total"], ANNUAL, GROWTH)
    target = _series(chart, "Total revenues \u2014 target")
    assert target.values[-1] == pytest.approx((117000 / 106200 - 1) * 100)
    line = chart.readout(len(chart.periods) - 1)[1]
    assert line.startswith("Total revenues \u2014 target: +10.2% (against 106,200 in FY2012)")


def test_readout_names_period_unit_value_and_source(index):
    chart = build_chart(index, ["revenue_total"], QUARTERLY)
    q2 = chart.periods.index("FY2010-Q2")
    assert chart.readout(q2, MILLIONS) == [
        "2Q FY2010 (JPY millions)",
        f"Total revenues: 18,459 \u2014 {PRESS_2010}:649",
    ]
    assert chart.readout(q2, BILLIONS)[1].startswith("Total revenues: 18.5 ")
    gap = chart.periods.index("FY2010-Q3")
    assert chart.readout(gap)[1] == "no figures for this period"
    assert chart.readout(len(chart.periods)) == []


def test_display_values_scale_yen_only(index):
    chart = build_chart(index, ["revenue_total", "eps_basic"], HALF_YEARLY)
    rev, eps = _series(chart, "Total revenues"), chart.series[-1]
    assert eps.concept.id == "eps_basic"
    assert np.allclose(rev.display_values(BILLIONS), rev.values / 1e9, equal_nan=True)
    assert np.array_equal(eps.display_values(BILLIONS), eps.values, equal_nan=True)
    assert chart.y_caption(MILLIONS) == "JPY millions / JPY per share"


def test_short_labels_follow_iij_abbreviations():
    assert [short_period_label(k) for k in ("FY2010", "FY2010-H1", "FY2010-Q3")] == ["FY10", "1H10", "3Q10"]


def test_no_concepts_no_periods(index):
    assert chart_periods(index, [], QUARTERLY) == []
    assert build_chart(index, []).series == ()


def test_forty_series_of_a_hundred_quarters_shape_quickly():
    index = synthetic_index(40, 100)
    ids = list(index.by_concept)
    start = time.perf_counter()
    chart = build_chart(index, ids, QUARTERLY)
    elapsed = time.perf_counter() - start
    assert len(chart.periods) == 100 and len(chart.series) == 40
    assert all(s.values.dtype == np.float64 and s.values.shape == (100,) for s in chart.series)
    assert elapsed < 1.0, elapsed


def synthetic_index(n_concepts: int, n_quarters: int) -> FactIndex:
    """n_concepts yen flows over n_quarters consecutive quarters from FY1990, every third one derived."""
    flows = [c for c in catalog().values() if c.is_flow][:n_concepts]
    assert len(flows) == n_concepts
    facts = []
    for c in flows:
        for q in range(n_quarters):
            fy, part = 1990 + q // 4, f"Q{q % 4 + 1}"
            derived = q % 3 == 0
            facts.append(
                Fact(c.id, f"FY{fy}-{part}", "actual", Decimal(1000 + q) * 10**6, "JPY", -6, derived, "synthetic")
            )
    return FactIndex(facts)


def test_a_second_unit_gets_the_right_axis(index):
    chart = build_chart(index, ["revenue_total", "eps_basic"], HALF_YEARLY)
    assert chart.axis_captions(MILLIONS) == ("JPY millions", "JPY per share")
    assert [chart.on_right_axis(s) for s in chart.series if s.scenario == "actual"] == [False, True]
    growth = build_chart(index, ["revenue_total", "eps_basic"], HALF_YEARLY, GROWTH)
    assert growth.axis_captions(MILLIONS) == ("YoY change, %", "")
    assert not any(growth.on_right_axis(s) for s in growth.series)
    assert build_chart(index, ["revenue_total"]).axis_captions(BILLIONS) == ("JPY billions", "")


@pytest.mark.parametrize("mode", [LEVEL, GROWTH])
def test_a_chart_drawn_again_reuses_its_series_and_matches_a_fresh_one(index, mode):
    """The index keeps each series; what it keeps is what building it again from nothing gives."""
    concepts = ["revenue_total", "operating_income", "eps_basic", "cash_and_equivalents"]
    first = build_chart(index, concepts, HALF_YEARLY, mode)
    again = build_chart(index, concepts, HALF_YEARLY, mode)
    occurrences = [o for os in index.occurrences.values() for o in os]
    fresh = build_chart(FactIndex(index.facts.values(), occurrences, basis=index.basis), concepts, HALF_YEARLY, mode)
    assert first.periods == fresh.periods
    assert [s.name for s in first.series] == [s.name for s in fresh.series]
    for kept, new in zip(first.series, fresh.series):
        assert np.array_equal(kept.values, new.values, equal_nan=True) and np.array_equal(kept.derived, new.derived)
        assert (kept.exact, kept.sources, kept.keys, kept.bases) == (new.exact, new.sources, new.keys, new.bases)
    assert all(a is b for a, b in zip(again.series, first.series, strict=True))


def test_separate_scales_put_figures_far_below_the_largest_on_the_right(index):
    from iijviewer.base.formatting import MILLIONS
    from iijviewer.views.trends_data import SMALL_SHARE, build_chart

    shared = build_chart(index, ["revenue_total", "operating_income"])
    assert not any(shared.on_right_axis(s) for s in shared.series)  # one scale unless asked
    chart = build_chart(index, ["revenue_total", "operating_income", "cost_total"], separate=True)
    right = {s.concept.id for s in chart.series if chart.on_right_axis(s)}
    assert right == {"operating_income"}  # costs are of revenues' size; operating income far below
    largest = {s.concept.id: float(max(abs(v) for v in s.exact if v is not None)) for s in chart.series}
    assert largest["operating_income"] < SMALL_SHARE * largest["revenue_total"] <= largest["cost_total"]
    left, right_caption = chart.axis_captions(MILLIONS)
    assert left == "JPY millions: Total revenues, Total cost of revenues"
    assert right_caption == "JPY millions: Operating income"
    # another unit keeps the right axis for itself: figures are never put on a scale of another unit
    mixed = build_chart(index, ["revenue_total", "operating_income", "eps_basic"], separate=True)
    assert {s.concept.id for s in mixed.series if mixed.on_right_axis(s)} == {"eps_basic"}


def test_a_saved_chart_says_what_it_shows_where_from_and_when(index):
    from iijviewer.base.formatting import MILLIONS
    from iijviewer.views.trends_data import build_chart

    chart = build_chart(index, ["revenue_total", "operating_income"])
    title, footer = chart.export_captions(MILLIONS, "2030-01-02")
    assert title.startswith("Total revenues and Operating income: quarterly, ") and title.endswith("(JPY millions)")
    documents = {src.rsplit(":", 1)[0] for s in chart.series for src in s.sources if src and not src.startswith("derived")}
    lines = footer.splitlines()
    assert lines[0].startswith("Sources: ") and sorted(documents)[0] in lines[0]
    assert lines[0].endswith(f"and {len(documents) - 2} more")
    assert lines[-1].endswith("on 2030-01-02.")
