"""Prefect wiring: flows and tasks that call the openevents package (no logic here)."""
