import pytest

from openevents.coder.patterns import PatternSyntaxError, Slot, parse_pattern


@pytest.mark.parametrize(
    "text, head, particles, slots, complement_head",
    [
        ("visit @T", "visit", (), (Slot(None, role="target"),), None),
        ("sign [AGREEMENT] with @T", "sign", (),
         (Slot(None, noun_class="AGREEMENT"), Slot("with", role="target")), None),
        ("step down", "step", ("down",), (), None),
        ("carry out [ATTACK] on @T", "carry", (),
         (Slot("out", noun_class="ATTACK"), Slot("on", role="target")), None),
        ("express concern over @T", "express", (), (Slot(None, noun="concern"), Slot("over", role="target")), None),
        ("call on @T to +release [DETAINEE]", "call", (), (Slot("on", role="target"),), "release"),
        ("receive [AID] from @S", "receive", (), (Slot(None, noun_class="AID"), Slot("from", role="source")), None),
        ("threaten to +*", "threaten", (), (), "*"),
    ],
)
def test_pattern_elements(text, head, particles, slots, complement_head):
    pattern = parse_pattern("042", text)
    assert pattern.frame.head == head
    assert pattern.frame.particles == particles
    assert pattern.frame.slots == slots
    assert (pattern.frame.complement.head if pattern.frame.complement else None) == complement_head
    assert pattern.rule_id == f"042:{text}"


def test_noun_head():
    pattern = parse_pattern("195", "n:airstrike on @T")
    assert pattern.is_noun and pattern.frame.head == "airstrike" and pattern.has_target


def test_specificity_orders_more_constrained_patterns_first():
    general, specific = parse_pattern("057", "sign [AGREEMENT]"), parse_pattern("057", "sign [AGREEMENT] with @T")
    assert specific.specificity > general.specificity


@pytest.mark.parametrize(
    "code, text, message",
    [
        ("42", "visit @T", "CAMEO event code"),
        ("042", "", "empty"),
        ("042", "Visit @T", "lower-case"),
        ("042", "visit @T with @T", "once"),
        ("071", "give @T [AID] from @S", "not both"),
        ("042", "visit %T", "cannot read"),
        ("042", "*", "cannot be"),
    ],
)
def test_pattern_errors(code, text, message):
    with pytest.raises(PatternSyntaxError, match=message):
        parse_pattern(code, text)


def test_intransitive_marker():
    pattern = parse_pattern("141", "protest _")
    assert pattern.frame.intransitive and pattern.specificity == 1
    with pytest.raises(PatternSyntaxError, match="direct-object"):
        parse_pattern("141", "protest _ @T")


@pytest.mark.parametrize("code, text, wildcard", [
    ("030", "pledge to +*", True),
    ("020", "plead with @T to +*", True),
    ("0333", "pledge to +provide [HUMANITARIAN_AID] to @T", False),
    ("042", "visit @T", False),
])
def test_wildcard_complement(code, text, wildcard):
    assert parse_pattern(code, text).wildcard is wildcard


def test_adjective_head():
    pattern = parse_pattern("111", "a:critical of @T")
    assert not pattern.is_noun and pattern.frame.head == "a:critical" and pattern.has_target
    assert pattern.frame.slots == (Slot("of", role="target"),)
