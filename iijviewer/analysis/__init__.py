"""Analysis: the contract's rules over raw facts: normalize (which report wins), derive (period arithmetic),
checks (conflicts and sums that do not add up), share basis (per-share figures across a split).

Imports base and ingest only.
"""
