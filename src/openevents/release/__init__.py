"""Versioned releases: month-partitioned Parquet with a manifest, checksums, a Frictionless descriptor, a codebook,
a changelog and a citation; verification of a downloaded release; publishing to a folder or an object store with a
static index page."""
