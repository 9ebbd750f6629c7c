import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from openevents.ids import canonical_json, make_id

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_id_ignores_key_order(record):
    reordered = dict(reversed(list(record.items())))
    assert make_id(record) == make_id(reordered)


@given(json_values, json_values)
def test_different_values_give_different_ids(a, b):
    if canonical_json(a) != canonical_json(b):
        assert make_id(a) != make_id(b)


def test_id_is_sha256_hex_and_truncates():
    full = make_id(["x", 1])
    assert len(full) == 64 and all(c in "0123456789abcdef" for c in full)
    assert make_id(["x", 1], 16) == full[:16]


def test_dates_are_iso_in_ids():
    assert canonical_json({"d": dt.date(2024, 6, 19)}) == '{"d":"2024-06-19"}'
