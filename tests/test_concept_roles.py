"""Concept roles are data (resources/concept_roles.csv): key lines, guidance lines, common-size bases, formulas."""

from __future__ import annotations

from decimal import Decimal

import pytest

from iijviewer.analysis import derive
from iijviewer.base import concepts
from iijviewer.base.concepts import catalog, common_size_base, formulas, guidance_concepts, key_lines, read_data_csv

ROLES = {"key_line", "guidance", "common_size_base", "formula"}


def test_every_role_names_a_catalog_concept_and_a_known_role() -> None:
    rows = read_data_csv("concept_roles.csv")
    assert rows
    assert {r["role"] for r in rows} <= ROLES
    assert {r["concept"] for r in rows} <= set(catalog())
    assert {c for terms in formulas().values() for _, c in terms} <= set(catalog())


def test_the_roles_the_viewer_relies_on() -> None:
    assert {"operating_income", "gross_margin"} <= key_lines()
    assert guidance_concepts()[0] == "revenue_total"
    assert common_size_base("balance") == "total_assets"
    assert common_size_base("duration") == "revenue_total"
    assert formulas()["gross_margin"] == ((1, "revenue_total"), (-1, "cost_total"))


def test_a_formula_of_the_catalog_derives_its_concept() -> None:
    """The formula is read from the data: revenue 98,765 and cost 12,345 give a margin of 86,420 (invented figures)."""
    known = {
        ("revenue_total", "FY2030"): derive.Known(Decimal(98765), 0, False, False),
        ("cost_total", "FY2030"): derive.Known(Decimal(12345), 0, False, False),
    }
    margin = next(d for d in derive.derive(known) if d.concept == "gross_margin")
    assert margin.value == Decimal(86420)
    assert [(t.sign, t.concept) for t in margin.terms] == [(1, "revenue_total"), (-1, "cost_total")]


def test_a_formula_that_is_not_two_terms_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derive, "formulas", lambda: {"gross_margin": ((1, "revenue_total"),)})
    derive._formulas.cache_clear()
    try:
        with pytest.raises(ValueError, match="gross_margin has 1 terms"):
            derive._formulas()
    finally:
        derive._formulas.cache_clear()
    assert concepts.formulas()["gross_margin"]  # the real data is untouched
