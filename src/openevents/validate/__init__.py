"""Validation with great-expectations: suites derived from schemas/, failing rows quarantined, reports written."""
