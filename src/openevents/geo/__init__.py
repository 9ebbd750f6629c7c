"""Geolocation: an offline gazetteer (GeoNames cities and countries, ISO 3166-2 subdivisions) and the stage that
gives every event mention an action location and, where stated, source and target locations."""
