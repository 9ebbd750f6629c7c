import datetime as dt
import shutil
from pathlib import Path

import pytest

from openevents.coder.dictionaries import dictionary_version, load_dictionaries
from openevents.errors import DictionaryError

from conftest import FIXTURES


@pytest.fixture
def dict_copy(tmp_path: Path) -> Path:
    target = tmp_path / "dictionaries"
    shutil.copytree(FIXTURES / "dictionaries", target)
    return target


def append(path: Path, line: str) -> int:
    """Append a line and return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


@pytest.mark.parametrize(
    "relative, line, message",
    [
        ("verbs/04_consult.txt", "042\tvisit %T", "cannot read"),
        ("verbs/04_consult.txt", "195\tbomb @T", "not a CAMEO code of root 04"),
        ("verbs/04_consult.txt", "042\tsign [NOSUCHCLASS]", "unknown noun class NOSUCHCLASS"),
        ("verbs/04_consult.txt", "042\t[NAMED_PLACE]: visit @T", "unknown noun class NAMED_PLACE"),
        ("verbs/04_consult.txt", "042\tvisit @T", "already given"),
        ("actors/countries.tsv", "Atlantis\tatl\t\t\t", "actor code 'atl'"),
        ("actors/countries.tsv", "Moscow\tRUS\t2020-01-01\t2019-01-01\t", "before start"),
        ("actors/countries.tsv", "Russia\tUKR\t\t\t", "is UKR here but RUS"),
        ("people/test.tsv", "Vladimir Putin|Putin\tRUSGOV\t2000-05-07\tnever\tRUS\tPresident", "not a date"),
        ("people/test.tsv", "Vladimir Putin|Putin\tRUSGOV\t\t\tRussia\tPresident", "home country"),
        ("people/test.tsv", "Putin Junior|Putin\tRUSELI\t\t\tRUS\tNobody", "names 2 people"),
        ("agents.tsv", "troop\tMILITARY\t", "3-letter role"),
        ("cameo_codes.tsv", "042\tVisit\t1.9\t1\tagain", "repeated"),
        ("cameo_codes.tsv", "199\tBad\t-10\t1\tbad quad", "quad_class 4"),
        ("complements.tsv", "say\tobject\tcode\t", "xcomp, ccomp, nobj or nsubj and effect one of"),
    ],
)
def test_malformed_entries_are_reported_with_file_and_line(dict_copy, relative, line, message):
    number = append(dict_copy / relative, line)
    with pytest.raises(DictionaryError) as caught:
        load_dictionaries(dict_copy)
    problems = caught.value.problems
    assert any(p.startswith(f"{relative}:{number}:") and message in p for p in problems), problems


def test_wrong_header_is_reported(dict_copy):
    path = dict_copy / "agents.tsv"
    path.write_text("phrase\tcode\nx\tGOV\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="agents.tsv:1: header must be"):
        load_dictionaries(dict_copy)


def test_version_changes_with_any_edit(dict_copy):
    before = dictionary_version(dict_copy)
    append(dict_copy / "agents.tsv", "envoy\tGOV\t")
    assert dictionary_version(dict_copy) != before
    assert load_dictionaries(dict_copy).version == dictionary_version(dict_copy)


def test_people_are_date_bounded(fixture_dicts):
    entries = fixture_dicts.actors["joebiden"]
    assert entries[0].valid_on(dt.date(2022, 1, 1)) and not entries[0].valid_on(dt.date(2026, 1, 1))


def test_lenient_loading_keeps_good_entries(dict_copy):
    append(dict_copy / "verbs/04_consult.txt", "042\tvisit %T")
    loaded = load_dictionaries(dict_copy, strict=False)
    assert loaded.problems and "visit" in loaded.verb_patterns


def test_the_project_dictionaries_load():
    from openevents.config import DICTIONARY_DIR

    loaded = load_dictionaries(DICTIONARY_DIR)
    assert loaded.pattern_count > 0 and len(loaded.cameo) > 300
