"""Targets a note under their table says were changed ("Changed from JPY<figure> announced on <date>"): the table's
figure is the revised target, the note's the target as first announced on that day; a note no row fits is reported.

Synthetic tables with invented figures; the bundled case is in the golden facts.
"""

from __future__ import annotations

from decimal import Decimal

from iijviewer.ingest.reader import read_document

HEAD = [
    "Internet Initiative Japan Inc. Investor Presentation",
    "December 2030",
    "",
    "(Unit: JPY billion)",
    "",
    "\tFY30 Target (Apr. 2030 -Mar.2031)\tFY29 Actual (Apr. 2029 -Mar.2030)",
    "Total Revenues\t98.7\t87.6",
    "Net Income attributable to IIJ per Share\tJPY 76.54\tJPY 65.43",
    "Cash Dividends per Share\tJPY 12.00 (Annual)\tJPY 11.00 (Annual)",
    "",
]


def _targets(note: str) -> tuple[set[tuple[str, str, Decimal, str]], list[str]]:
    facts, findings = read_document("deck", [*HEAD, note])
    targets = {(f.concept, f.scenario, f.value, f.announced) for f in facts if f.scenario != "actual" and f.period == "FY2030"}
    return targets, [f.message for f in findings if f.sources and f.sources[0].line == len(HEAD) + 1]


def test_a_changed_target_keeps_the_earlier_figure_as_the_target_of_its_day() -> None:
    targets, unplaced = _targets("^{*1} Changed from JPY81.23 announced on May 14, 2030 due to the issuance of new shares.")
    assert ("eps_basic", "revised_target", Decimal("76.54"), "") in targets
    assert ("eps_basic", "target", Decimal("81.23"), "2030-05-14") in targets
    assert ("dividend_per_share", "target", Decimal("12.00"), "") in targets  # the other rows stay as they are
    assert unplaced == []


def test_an_amount_changed_in_a_note_is_matched_to_the_amount_row() -> None:
    targets, _ = _targets("Changed from JPY101.2 billion announced on May 14, 2030.")
    assert ("revenue_total", "revised_target", Decimal("98.7e9"), "") in targets
    assert ("revenue_total", "target", Decimal("101.2e9"), "2030-05-14") in targets


def test_a_note_no_row_or_two_rows_fit_is_reported_and_changes_nothing() -> None:
    targets, unplaced = _targets("Changed from JPY999.99 announced on May 14, 2030.")  # far from every per-share target
    assert len(unplaced) == 1 and "no target" in unplaced[0]
    assert {s for _, s, _, _ in targets} == {"target"} and Decimal("999.99") not in {v for _, _, v, _ in targets}
    diluted = "Diluted Net Income attributable to IIJ per Share\tJPY 76.50\tJPY 65.40"
    facts, findings = read_document("deck", [*HEAD[:8], diluted, *HEAD[8:], "Changed from JPY81.23 announced on May 14, 2030."])
    assert [f.message for f in findings if "changed target" in f.message] == [
        "a changed target's earlier figure: more than one target of the table above fits it; not read"
    ]
    assert not any(f.scenario == "revised_target" or f.value == Decimal("81.23") for f in facts)


def test_the_revised_figure_does_not_keep_the_first_announcements_day_and_one_row_changes_once() -> None:
    heading = [*HEAD[:5], "Targets remain unchanged from May 14, 2030", *HEAD[5:]]
    facts, findings = read_document("deck", [*heading, "Changed from JPY81.23 announced on May 14, 2030.", "Changed from JPY80.00 announced on August 8, 2030."])
    eps = {(f.scenario, f.value, f.announced) for f in facts if f.concept == "eps_basic" and f.period == "FY2030"}
    assert ("revised_target", Decimal("76.54"), "") in eps  # revised after May 14 (the document's own date is its day)
    assert ("target", Decimal("81.23"), "2030-05-14") in eps
    assert not any(v == Decimal("80.00") for _, v, _ in eps)
    assert [f.message for f in findings if "changed target" in f.message] == [
        "a changed target's earlier figure: another note changed the same target already; not read"
    ]


def test_a_note_without_a_scale_word_under_a_table_in_billions_is_an_amount_in_billions() -> None:
    """"Changed from JPY101.2" under "(Unit: JPY billion)": the total revenues of the table, not a per-share figure."""
    targets, unplaced = _targets("Changed from JPY101.2 announced on May 14, 2030.")
    assert unplaced == []
    assert ("revenue_total", "revised_target", Decimal("98.7e9"), "") in targets
    assert ("revenue_total", "target", Decimal("101.2e9"), "2030-05-14") in targets
    assert ("eps_basic", "target", Decimal("76.54"), "") in targets  # the per-share rows stay as they are


def test_a_note_without_a_scale_word_is_printed_as_its_row_is() -> None:
    """JPY81.23 is within a factor of two of 98.7 billion too, but printed to two places it is the per-share figure; a
    figure printed as no row is (three places) fits none and is reported."""
    targets, unplaced = _targets("Changed from JPY81.23 announced on May 14, 2030.")
    assert unplaced == [] and ("revenue_total", "target", Decimal("98.7e9"), "") in targets
    targets, unplaced = _targets("Changed from JPY101.234 announced on May 14, 2030.")
    assert len(unplaced) == 1 and "no target" in unplaced[0]
    assert {s for _, s, _, _ in targets} == {"target"}


def test_a_per_share_note_in_whole_yen_still_fits_its_row() -> None:
    """"Changed from JPY81" beside "JPY 76.54": a per-share figure in whole yen, as before; not 81 billion (one place)."""
    targets, unplaced = _targets("Changed from JPY81 announced on May 14, 2030.")
    assert unplaced == []
    assert ("eps_basic", "target", Decimal("81"), "2030-05-14") in targets
    assert ("revenue_total", "target", Decimal("98.7e9"), "") in targets
