"""The evaluation harness: score the coder against external gold sets (read from ../shared/eval when present)."""
