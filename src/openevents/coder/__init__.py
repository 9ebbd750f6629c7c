"""The CAMEO event coder: parsed sentences in, coded event mentions out (no spaCy needed here)."""
