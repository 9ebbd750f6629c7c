"""Normalization: coded rows → schema-conforming mentions and events with deterministic ids and versions."""
