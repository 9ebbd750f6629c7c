"""Researchers' views in the DuckDB catalog, over the table views (so they follow the lake as it grows)."""

from __future__ import annotations

DYADS_DAILY = """
CREATE OR REPLACE VIEW dyads_daily AS
SELECT event_date,
       source_country_code,
       target_country_code,
       quad_class,
       count(*) AS num_events,
       sum(num_mentions) AS num_mentions,
       sum(num_articles) AS num_articles,
       sum(num_sources) AS num_sources,
       round(avg(goldstein), 4) AS mean_goldstein,
       round(sum(goldstein * num_mentions) / sum(num_mentions), 4) AS mentions_weighted_goldstein,
       round(avg(avg_tone), 4) AS mean_tone
FROM events
WHERE source_country_code IS NOT NULL AND target_country_code IS NOT NULL
GROUP BY event_date, source_country_code, target_country_code, quad_class
"""

COMMENTS = [
    "COMMENT ON VIEW dyads_daily IS 'Events per day, source country, target country (ISO 3166 alpha-3) and quad class: "
    "counts of events, mentions, articles and outlet reports, mean Goldstein (per event and weighted by mentions) "
    "and mean tone. Only events whose two actors have a country.'",
]


def catalog_views() -> list[str]:
    """SQL run after the table views when the catalog is built."""
    return [DYADS_DAILY, *COMMENTS]
