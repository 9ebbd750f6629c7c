"""The coder on hand-written parse tables (no spaCy): each case is a parse and the events it must yield."""

import dataclasses
import datetime as dt

import polars as pl
import pytest

from openevents.coder.dictionaries import AgentEntry
from openevents.coder.engine import code_tokens

from conftest import parse_table

CASES = {
    "active voice": (
        ["Russia/Russia/PROPN/nsubj/1 attacked/attack/VERB/ROOT/1 Ukraine/Ukraine/PROPN/dobj/1 ././PUNCT/punct/1"],
        [("190", "RUS", "UKR", "190:attack @T")],
    ),
    "passive voice with by-agent": (
        ["Putin/Putin/PROPN/nsubjpass/2 was/be/AUX/auxpass/2 welcomed/welcome/VERB/ROOT/2 by/by/ADP/agent/2 "
         "Pyongyang/Pyongyang/PROPN/pobj/3"],
        [("043", "PRK", "RUSGOV", "043:welcome @T")],
    ),
    "negation gives no event": (
        ["Russia/Russia/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 attack/attack/VERB/ROOT/3 "
         "Ukraine/Ukraine/PROPN/dobj/3"],
        [],
    ),
    "hypothetical modal gives no event": (
        ["Russia/Russia/PROPN/nsubj/2 could/could/AUX/aux/2 attack/attack/VERB/ROOT/2 Ukraine/Ukraine/PROPN/dobj/2"],
        [],
    ),
    "compound subject gives one event per actor": (
        ["Russia/Russia/PROPN/nsubj/3 and/and/CCONJ/cc/0 China/China/PROPN/conj/0 condemned/condemn/VERB/ROOT/3 "
         "the/the/DET/det/6 United/United/PROPN/compound/6 States/States/PROPN/dobj/3"],
        [("111", "RUS", "USA", "111:condemn @T"), ("111", "CHN", "USA", "111:condemn @T")],
    ),
    "reciprocal agreement is coded both ways": (
        ["Russia/Russia/PROPN/nsubj/3 and/and/CCONJ/cc/0 China/China/PROPN/conj/0 signed/sign/VERB/ROOT/3 "
         "a/a/DET/det/5 treaty/treaty/NOUN/dobj/3"],
        [("057", "RUS", "CHN", "057:sign [AGREEMENT] <->"), ("057", "CHN", "RUS", "057:sign [AGREEMENT] <->")],
    ),
    "preposition on the object noun": (
        ["Putin/Putin/PROPN/nsubj/1 signed/sign/VERB/ROOT/1 a/a/DET/det/3 pact/pact/NOUN/dobj/1 with/with/ADP/prep/3 "
         "Iran/Iran/PROPN/pobj/4"],
        [("057", "RUSGOV", "IRN", "057:sign [AGREEMENT] with @T")],
    ),
    "country and role noun make an actor": (
        ["Ukrainian/Ukrainian/ADJ/amod/1 troops/troop/NOUN/nsubj/2 attacked/attack/VERB/ROOT/2 "
         "Russian/Russian/ADJ/amod/4 forces/force/NOUN/dobj/2"],
        [("190", "UKRMIL", "RUSMIL", "190:attack @T")],
    ),
    "a country adjective on a thing is not an actor": (
        ["Ukrainian/Ukrainian/ADJ/amod/1 grain/grain/NOUN/nsubj/2 attacked/attack/VERB/ROOT/2 Russia/Russia/PROPN/dobj/2"],
        [],
    ),
    "a country adjective on a stand-in noun is the country": (
        ["The/the/DET/det/2 Russian/Russian/ADJ/amod/2 side/side/NOUN/nsubj/3 attacked/attack/VERB/ROOT/3 "
         "Ukrainian/Ukrainian/ADJ/amod/5 positions/position/NOUN/dobj/3"],
        [("190", "RUS", "UKR", "190:attack @T")],
    ),
    "unresolved source gives no event": (
        ["Gunmen/gunman/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Ukraine/Ukraine/PROPN/dobj/1"],
        [],
    ),
    "unresolved target gives no event for an @T pattern": (
        ["Russia/Russia/PROPN/nsubj/1 attacked/attack/VERB/ROOT/1 the/the/DET/det/3 village/village/NOUN/dobj/1"],
        [],
    ),
    "complement verb consumed by the governing pattern": (
        ["Russia/Russia/PROPN/nsubj/1 agreed/agree/VERB/ROOT/1 to/to/PART/aux/3 provide/provide/VERB/xcomp/1 "
         "aid/aid/NOUN/dobj/3 to/to/ADP/prep/3 Iran/Iran/PROPN/pobj/5"],
        [("033", "RUS", "IRN", "033:agree to +provide [AID] to @T")],
    ),
    "reported speech codes the embedded act": (
        ["The/the/DET/det/1 Kremlin/Kremlin/PROPN/nsubj/2 said/say/VERB/ROOT/2 Russia/Russia/PROPN/nsubj/4 "
         "attacked/attack/VERB/ccomp/2 Ukraine/Ukraine/PROPN/dobj/4"],
        [("190", "RUS", "UKR", "190:attack @T")],
    ),
    "denied act is not coded": (
        ["Russia/Russia/PROPN/nsubj/1 denied/deny/VERB/ROOT/1 it/it/PRON/nsubj/3 attacked/attack/VERB/ccomp/1 "
         "Ukraine/Ukraine/PROPN/dobj/3"],
        [],
    ),
    "event noun with adjective source": (
        ["The/the/DET/det/2 Russian/Russian/ADJ/amod/2 airstrike/airstrike/NOUN/nsubj/5 on/on/ADP/prep/2 "
         "Kharkiv/Kharkiv/PROPN/pobj/3 killed/kill/VERB/ROOT/5 five/five/NUM/dobj/5"],
        [("195", "RUS", "UKR", "195:n:airstrike on @T")],
    ),
    "event noun as object of a non-realizing verb is not coded": (
        ["Iran/Iran/PROPN/nsubj/1 wants/want/VERB/ROOT/1 talks/talk/NOUN/dobj/1 with/with/ADP/prep/2 "
         "Russia/Russia/PROPN/pobj/3"],
        [],
    ),
    "talks between two actors are reciprocal": (
        ["Russia/Russia/PROPN/nsubj/1 held/hold/VERB/ROOT/1 talks/talk/NOUN/dobj/1 with/with/ADP/prep/2 "
         "Iran/Iran/PROPN/pobj/3"],
        [("040", "RUS", "IRN", "040:n:talk with @T")],
    ),
    "person out of office is an elite of their country": (
        ["Biden/Biden/PROPN/nsubj/1 criticized/criticize/VERB/ROOT/1 Putin/Putin/PROPN/dobj/1"],
        [("111", "USAELI", "RUSGOV", "111:criticize @T")],
    ),
    "pronoun refers to the subject of the reporting verb": (
        ["Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 it/it/PRON/nsubj/3 attacked/attack/VERB/ccomp/1 "
         "Ukraine/Ukraine/PROPN/dobj/3"],
        [("190", "RUS", "UKR", "190:attack @T")],
    ),
    "pronouns refer to people of the previous sentence": (
        ["Putin/Putin/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Kim/Kim/PROPN/compound/4 Jong/Jong/PROPN/compound/4 "
         "Un/Un/PROPN/dobj/1 ./././punct/1",
         "He/he/PRON/nsubj/1 thanked/thank/VERB/ROOT/1 him/he/PRON/dobj/1"],
        [("040", "RUSGOV", "PRKGOV", "040:meet @T"), ("051", "RUSGOV", "PRKGOV", "051:thank @T")],
    ),
    "compound subject of a non-reciprocal act gives no event between the subjects": (
        ["Russia/Russia/PROPN/nsubj/5 and/and/CCONJ/cc/0 China/China/PROPN/conj/0 did/do/AUX/aux/5 "
         "not/not/PART/neg/5 comment/comment/VERB/ROOT/5"],
        [("011", "RUS", None, "011:not comment"), ("011", "CHN", None, "011:not comment")],
    ),
    "negated pattern codes a refusal to comment": (
        ["Russia/Russia/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 comment/comment/VERB/ROOT/3 "
         "on/on/ADP/prep/3 Ukraine/Ukraine/PROPN/pobj/4"],
        [("011", "RUS", "UKR", "011:not comment on @T")],
    ),
    "future act is coded as its intention": (
        ["Putin/Putin/PROPN/nsubj/2 will/will/AUX/aux/2 visit/visit/VERB/ROOT/2 China/China/PROPN/dobj/2"],
        [("036", "RUSGOV", "CHN", "042:visit @T")],
    ),
    "future attack is a threat": (
        ["Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 it/it/PRON/nsubj/4 would/would/AUX/aux/4 "
         "attack/attack/VERB/ccomp/1 Ukraine/Ukraine/PROPN/dobj/4"],
        [("1384", "RUS", "UKR", "190:attack @T")],
    ),
    "future act without an intention code is not coded": (
        ["Russia/Russia/PROPN/nsubj/2 will/will/AUX/aux/2 condemn/condemn/VERB/ROOT/2 Ukraine/Ukraine/PROPN/dobj/2"],
        [],
    ),
    "actor owning the object noun": (
        ["Iran/Iran/PROPN/nsubj/1 rejected/reject/VERB/ROOT/1 Russia/Russia/PROPN/poss/4 's/'s/PART/case/2 "
         "accusations/accusation/NOUN/dobj/1"],
        [("120", "IRN", "RUS", "120:reject [ACCUSATION]@T")],
    ),
    "a noun pattern headed by a class": (
        ["A/a/DET/det/2 US/US/PROPN/compound/2 drone/drone/NOUN/compound/3 strike/strike/NOUN/nsubj/6 "
         "on/on/ADP/prep/3 Kharkiv/Kharkiv/PROPN/pobj/4 killed/kill/VERB/ROOT/6 five/five/NUM/dobj/6"],
        [("195", "USA", "UKR", "195:n:[DRONE_STRIKE] on @T")],
    ),
    "a passive relative clause acts on its antecedent": (
        ["Ukrainian/Ukrainian/ADJ/amod/1 troops/troop/NOUN/ROOT/1 ,/,/PUNCT/punct/1 who/who/PRON/nsubjpass/5 "
         "were/be/AUX/auxpass/5 attacked/attack/VERB/relcl/1 by/by/ADP/agent/5 Russia/Russia/PROPN/pobj/6"],
        [("190", "RUS", "UKRMIL", "190:attack @T")],
    ),
    "a decision acts for its owner": (
        ["Russia/Russia/PROPN/poss/2 's/'s/PART/case/0 decision/decision/NOUN/nsubj/3 "
         "condemned/condemn/VERB/ROOT/3 Ukraine/Ukraine/PROPN/dobj/3"],
        [("111", "RUS", "UKR", "111:condemn @T")],
    ),
    "a pattern constrained by its subject's class": (
        ["Russian/Russian/ADJ/amod/1 jets/jet/NOUN/nsubj/2 attacked/attack/VERB/ROOT/2 Ukraine/Ukraine/PROPN/dobj/2"],
        [("195", "RUS", "UKR", "195:[WARPLANE]: attack @T")],
    ),
    "a first name the parser tagged as a preposition is part of the name": (
        ["Vladimir/Vladimir/ADP/nsubj/4 Putin/Putin/PROPN/pobj/0 and/and/CCONJ/cc/1 Iran/Iran/PROPN/conj/1 "
         "condemned/condemn/VERB/ROOT/4 Ukraine/Ukraine/PROPN/dobj/4"],
        [("111", "RUSGOV", "UKR", "111:condemn @T"), ("111", "IRN", "UKR", "111:condemn @T")],
    ),
    "a capitalised real preposition stays one": (
        ["Near/near/ADP/prep/3 Kyiv/Kyiv/PROPN/pobj/0 ,/,/PUNCT/punct/3 Russia/Russia/PROPN/nsubj/4 "
         "attacked/attack/VERB/ROOT/4 Ukraine/Ukraine/PROPN/dobj/4"],
        [("190", "RUS", "UKR", "190:attack @T")],
    ),
    "acronym matches only in capitals": (
        ["Russia/Russia/PROPN/nsubj/1 attacked/attack/VERB/ROOT/1 us/we/PRON/dobj/1"],
        [],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_coder_on_parse_tables(name, fixture_dicts):
    sentences, expected = CASES[name]
    day = dt.date(2026, 6, 1) if "out of office" in name else dt.date(2024, 6, 19)
    coded = code_tokens(parse_table("a1", sentences), {"a1": day}, fixture_dicts)
    got = [(r["event_code"], r["source_actor_code"], r["target_actor_code"], r["rule_id"])
           for r in coded.iter_rows(named=True)]
    assert got == expected


def test_offsets_point_at_the_words(fixture_dicts):
    sentence = "Ukrainian/Ukrainian/ADJ/amod/1 troops/troop/NOUN/nsubj/2 attacked/attack/VERB/ROOT/2 Kharkiv/Kharkiv/PROPN/dobj/2"
    text = "Ukrainian troops attacked Kharkiv"
    row = code_tokens(parse_table("a1", [sentence]), {"a1": dt.date(2024, 6, 19)}, fixture_dicts).row(0, named=True)
    assert text[row["source_start"]:row["source_end"]] == "Ukrainian troops" == row["source_actor_text"]
    assert text[row["target_start"]:row["target_end"]] == "Kharkiv"
    assert text[row["action_start"]:row["action_end"]] == "attacked" == row["action_text"]


def test_actor_text_never_ends_on_punctuation(fixture_dicts):
    sentence = ("Ukraine/Ukraine/PROPN/nsubj/3 ,/,/PUNCT/punct/0 China/China/PROPN/conj/0 "
                "criticized/criticize/VERB/ROOT/3 Russia/Russia/PROPN/dobj/3")
    rows = code_tokens(parse_table("a1", [sentence]), {"a1": dt.date(2024, 6, 19)}, fixture_dicts)
    assert rows["source_actor_text"].to_list() == ["Ukraine", "China"]
    assert rows["source_end"].to_list()[0] == len("Ukraine")


def test_dated_person_code(fixture_dicts):
    sentence = "Biden/Biden/PROPN/nsubj/1 criticized/criticize/VERB/ROOT/1 Russia/Russia/PROPN/dobj/1"
    in_office = code_tokens(parse_table("a", [sentence]), {"a": dt.date(2022, 3, 1)}, fixture_dicts)
    assert in_office.get_column("source_actor_code").to_list() == ["USAGOV"]


def test_malformed_parse_table_is_a_named_error(fixture_dicts):
    from openevents.errors import CoderInputError

    table = parse_table("a1", ["Russia/Russia/PROPN/nsubj/1 attacked/attack/VERB/ROOT/1"])
    doubled = pl.concat([table, table])
    with pytest.raises(CoderInputError, match="out of sequence"):
        code_tokens(doubled, {"a1": dt.date(2024, 6, 19)}, fixture_dicts)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Russia/Russia/PROPN/nsubj/1 urged/urge/VERB/ROOT/1 Iran/Iran/PROPN/dobj/1 to/to/PART/aux/4 "
         "attack/attack/VERB/xcomp/1 Ukraine/Ukraine/PROPN/dobj/4", []),
        ("Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 Iran/Iran/PROPN/nsubj/4 must/must/AUX/aux/4 "
         "visit/visit/VERB/ccomp/1 China/China/PROPN/dobj/4", [("106", "RUS", "IRN", "106:demand of 042:visit @T")]),
        ("Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 Iran/Iran/PROPN/nsubj/4 should/should/AUX/aux/4 "
         "visit/visit/VERB/ccomp/1 China/China/PROPN/dobj/4", [("026", "RUS", "IRN", "026:appeal of 042:visit @T")]),
        ("Russia/Russia/PROPN/nsubj/1 said/say/VERB/ROOT/1 Iran/Iran/PROPN/nsubj/4 had/have/AUX/aux/4 "
         "visited/visit/VERB/ccomp/1 China/China/PROPN/dobj/4", [("042", "IRN", "CHN", "042:visit @T")]),
    ],
)
def test_appeals_and_demands_compose_with_the_act(fixture_dicts, sentence, expected):
    coded = code_tokens(parse_table("a1", [sentence]), {"a1": dt.date(2024, 6, 19)}, fixture_dicts)
    got = [(r["event_code"], r["source_actor_code"], r["target_actor_code"], r["rule_id"])
           for r in coded.iter_rows(named=True)]
    assert got == expected


@pytest.mark.parametrize(
    "kind, code, expected",
    [
        ("appeal", "0841", "0253"), ("demand", "0841", "1053"), ("refuse", "0841", "1243"),
        ("appeal", "042", "026"), ("demand", "042", "106"), ("refuse", "042", "125"),
        ("threat", "190", "1384"), ("appeal", "190", None),
    ],
)
def test_asked_codes_mirror_the_intention(kind, code, expected):
    from openevents.coder.appeals import asked_code
    from openevents.config import DICTIONARY_DIR
    from openevents.coder.dictionaries import load_dictionaries

    assert asked_code(load_dictionaries(DICTIONARY_DIR), kind, code) == expected


def test_role_only_actors_take_the_place_of_the_act_or_the_dateline(fixture_dicts):
    placed = "Police/police/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Ukraine/Ukraine/PROPN/dobj/1 in/in/ADP/prep/1 Kharkiv/Kharkiv/PROPN/pobj/3"
    unplaced = "Police/police/NOUN/nsubj/1 attacked/attack/VERB/ROOT/1 Ukraine/Ukraine/PROPN/dobj/1"
    fixture = dataclasses.replace(fixture_dicts, agents={**fixture_dicts.agents, "police": AgentEntry("police", "COP", "test")})
    day = {"a": dt.date(2024, 6, 19)}
    assert code_tokens(parse_table("a", [placed]), day, fixture).get_column("source_actor_code").to_list() == ["UKRCOP"]
    assert code_tokens(parse_table("a", [unplaced]), day, fixture).height == 0
    homed = code_tokens(parse_table("a", [unplaced]), day, fixture, homes={"a": "RUS"})
    assert homed.get_column("source_actor_code").to_list() == ["RUSCOP"]


@pytest.mark.parametrize("text, expected", [
    ("KYIV, June 10 (OpenWire) — Russia attacked …", "UKR"),  # a capitals dateline
    ("Guwahati: Former Assam chief minister …", "IND"),  # a title-case place and a colon, known to the gazetteer
    ("Update: the vote was delayed …", None),  # a title-case word that is no place
    ("Russia attacked Ukraine.", None),
])
def test_dateline_country(fixture_dicts, text, expected):
    from openevents.pipeline import dateline_country

    places = {"Guwahati": "IND", "KYIV": "UKR"}
    dicts = dataclasses.replace(fixture_dicts, place_country=places.get)
    assert dateline_country(text, dicts) == expected


@pytest.mark.parametrize("word, singular", [
    ("rebels", "rebel"), ("militiamen", "militiaman"), ("policemen", "policeman"), ("militias", "militia"),
    ("parties", "party"), ("witnesses", "witness"), ("smugglers", "smuggler"),
])
def test_singular_forms_include_the_singular(word, singular):
    from openevents.coder.sentence import singular_forms

    assert singular in singular_forms(word)


@pytest.mark.parametrize("lemma, expected", [
    ("re-opene", "reopen"),  # known as `re-open` in same_as.tsv, read through it later
    ("re-establishe", "re-establish"),
    ("re-impose", "re-impose"),  # already right
    ("co-operate", "co-operate"),  # not a verb head the dictionaries know: left alone
])
def test_hyphen_stem_repairs_cut_verb_lemmas(lemma, expected):
    from openevents.coder.lemmas import hyphen_stem

    fixes = {("re-open", "VERB"): "reopen", ("re-establish", "VERB"): "establish", ("re-impose", "VERB"): "impose"}
    got = hyphen_stem(lemma, "VERB", fixes, {"reopen", "establish", "impose"})
    assert fixes.get((got, "VERB"), got) == fixes.get((expected, "VERB"), expected)
