"""Ingestion: sources yield raw records; pure functions turn them into articles and quarantine rows."""
