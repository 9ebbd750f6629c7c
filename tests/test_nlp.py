"""Tokenizer special cases: hyphenated-prefix verbs stay one token (no model needed: a blank English pipeline)."""

import pytest
import spacy

from openevents.nlp.parse import hyphenated_forms, keep_hyphenated


@pytest.mark.parametrize("verb, forms", [
    ("re-open", ["re-open", "re-opens", "re-opened", "re-opening"]),
    ("de-escalate", ["de-escalate", "de-escalates", "de-escalated", "de-escalating"]),
    ("pre-empt", ["pre-empt", "pre-empts", "pre-empted", "pre-empting"]),
])
def test_hyphenated_forms(verb, forms):
    assert hyphenated_forms(verb) == forms


@pytest.mark.parametrize("text, token", [
    ("Both sides de-escalated tensions.", "de-escalated"),
    ("De-escalate now, the envoy said.", "De-escalate"),
    ("They re-opened the embassy.", "re-opened"),
    ("Calls for de-escalation grew.", "de-escalation"),
])
def test_hyphenated_words_stay_whole(text, token):
    nlp = spacy.blank("en")
    assert token not in [t.text for t in nlp(text)]  # the blank tokenizer splits them
    keep_hyphenated(nlp)
    assert token in [t.text for t in nlp(text)]
