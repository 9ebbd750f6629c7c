"""The evaluation harness on small hand-made sets (the real sets live outside the project)."""

import datetime as dt
import json

from typer.testing import CliRunner

from openevents.cli import app
from openevents.evaluation.harness import HISTORY_COLUMNS
from openevents.evaluation.report import upgrade_history
from openevents.evaluation.scoring import score_cameo, score_petr2, score_plover, score_rated_news
from openevents.evaluation.sets import (GoldEvent, GoldSentence, read_cameo_examples, read_petr2_gsr, read_plover,
                                       read_rated_news)

DAY = dt.date(2000, 1, 1)


def event(code, source, target=None):
    return {"event_code": code, "source_actor_code": source, "target_actor_code": target}


def test_cameo_scores_by_level():
    gold = [GoldSentence("a", "x", DAY, (GoldEvent("0231", None, None),)),
            GoldSentence("b", "y", DAY, (GoldEvent("190", None, None),))]
    coded = {"a": [event("0234", "USA")], "b": []}
    scores = {s.name: (s.numerator, s.denominator) for s in score_cameo(gold, coded)}
    assert scores == {"right root code": (1, 2), "right base code": (1, 2), "right full code": (0, 2),
                      "sentences with any event": (1, 2)}


def test_plover_actor_accuracy_uses_country_part():
    gold = [GoldSentence("a", "x", DAY, sources=("HUNGOV",), targets=("ROU",)),
            GoldSentence("b", "y", DAY, sources=("IGO",), targets=())]
    coded = {"a": [event("036", "HUNGOV", "ROUGOV")], "b": [event("036", "IGOUNO", None)]}
    scores = {s.name: (s.numerator, s.denominator) for s in score_plover(gold, coded)}
    assert scores["source country"] == (2, 2) and scores["source full"] == (1, 2)
    assert scores["target country"] == (1, 1) and scores["target full"] == (0, 1)


def test_petr2_precision_recall_f1():
    gold = [GoldSentence("a", "x", DAY, (GoldEvent("042", "USA", "CHN"),)),
            GoldSentence("b", "y", DAY, ())]
    coded = {"a": [event("043", "USA", "CHN"), event("111", "CHN", "USA")], "b": [event("190", "RUS", "UKR")]}
    scores = {s.name: s.value for s in score_petr2(gold, coded)}
    assert scores["precision (root)"] == 1 / 3 and scores["recall (root)"] == 1.0
    assert abs(scores["F1 (root)"] - 0.5) < 1e-9 and scores["F1 (full)"] == 0.0


def test_readers_on_small_files(tmp_path):
    cameo = tmp_path / "codes.csv"
    cameo.write_text('"","code","example"\n"1","01","NA"\n"2","042","Ministers made a visit.   "\n', encoding="cp1252")
    assert [(g.id, g.text) for g in read_cameo_examples(cameo)] == [("cameo-042", "Ministers made a visit.")]
    plover = tmp_path / "p.txt"
    plover.write_text(json.dumps([{"id": "D", "event": "DOCUMENT"},
                                  {"id": "P1", "date": "2000-01-01", "text": "Japan met Italy.",
                                   "source": [{"code": "JAP", "sector": "GOV"}], "target": [{"code": "ITL"}]}]))
    (p1,) = read_plover(plover)
    assert (p1.sources, p1.targets) == (("JPNGOV",), ("ITA",))
    petr = tmp_path / "v.xml"
    petr.write_text('<Sentence date="20150609" id="G1" evaluate="true"/>\n<EventCoding eventcode="051" '
                    'sourcecode="UKRLEG" targetcode="IGOEUREEC" />\n<Text>\nLawmakers endorsed it.\n</Text>\n'
                    '</Sentence>\n<Sentence id="G2"/>\n<EventCoding noevents="True" />\n<Text>No.</Text>\n</Sentence>')
    g1, g2 = read_petr2_gsr(petr)
    assert g1.events == (GoldEvent("051", "UKRLEG", "IGOEUREEC"),) and g1.date == dt.date(2015, 6, 9)
    assert g2.events == () and g2.text == "No."


def test_eval_skips_cleanly_without_sets(tmp_path):
    result = CliRunner().invoke(app, ["eval", "--eval-dir", str(tmp_path)])
    assert result.exit_code == 0 and "nothing to score" in " ".join(result.output.split())


def test_rated_news_reader_takes_the_majority_and_merges_rounds(tmp_path):
    root = tmp_path / "annotations"
    for round_, rows in {"1": ['1,"Kenya recalled its envoy.",TRUE,TRUE,FALSE', '2,"It rained.",FALSE,NA,FALSE',
                               '3,"A tie.",TRUE,FALSE,NA'],
                         "2": ['1,"Kenya  recalled its envoy.",TRUE,NA,NA']}.items():
        (root / f"training_round_{round_}").mkdir(parents=True)
        (root / f"training_round_{round_}" / f"relevant_r{round_}.csv").write_text(
            "story,sentences,rater1,rater2,rater4\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (root / "training_round_1" / "relevant_r1_v1.csv").write_text("story,sentences,rater1\n9,Old.,TRUE\n")
    (root / "annotation_protocol").write_text("protocol")
    found = {g.text: g.extra["relevant"] for g in read_rated_news(root / "annotation_protocol")}
    assert found == {"Kenya recalled its envoy.": True, "It rained.": False}
    gold = [GoldSentence("a", "x", DAY, extra={"relevant": True}), GoldSentence("b", "y", DAY, extra={"relevant": False}),
            GoldSentence("c", "z", DAY, extra={"relevant": False})]
    scores = {s.name: (s.numerator, s.denominator) for s in score_rated_news(gold, {"a": [event("161", "KEN")],
                                                                                   "c": [event("010", "USA")]})}
    assert scores == {"event where raters saw one": (1, 1), "event where raters saw none": (1, 2)}


def test_history_gains_new_columns_and_keeps_old_lines(tmp_path):
    history = tmp_path / "history.tsv"
    history.write_text("\t".join(HISTORY_COLUMNS[:4]) + "\n2026-01-01\tc\td\t50.0\n", encoding="utf-8")
    upgrade_history(history)
    header, line = history.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == HISTORY_COLUMNS
    assert line.split("\t")[:4] == ["2026-01-01", "c", "d", "50.0"] and len(line.split("\t")) == len(HISTORY_COLUMNS)
    upgrade_history(history)  # already current: unchanged
    assert history.read_text(encoding="utf-8").splitlines()[0].split("\t") == HISTORY_COLUMNS
