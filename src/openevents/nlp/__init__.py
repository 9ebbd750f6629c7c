"""Sentence splitting and dependency parsing with spaCy into the tokens table (schemas/tokens.yaml)."""
