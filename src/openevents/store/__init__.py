"""The lake (hive-partitioned Parquet, atomic writes, idempotent upserts) and the DuckDB catalog."""
