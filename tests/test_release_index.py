"""The release index page: its figures drawn from stats.json, and the page as headless Chromium renders it when
served from the local S3 server it was published to."""

from __future__ import annotations

import json
import re
import urllib.request

import boto3
import pytest

from openevents.release.figures import QUADS, country_table, daily_chart, dyad_chart, fill_days, nice_ceiling
from openevents.release.index import human_bytes, releases_document, render_index
from openevents.release.publish import publish_release

from headless import chromium, dump_dom, pixel_colours, screenshot
from release_servers import releases, s3  # noqa: F401 (fixtures)

COLOURS = {"q1": QUADS[0][2], "q3": QUADS[2][2], "q4": QUADS[3][2], "dyads": "#6a51a3", "countries": "#31a354"}


@pytest.mark.parametrize("value, expected", [(0, 1), (1, 1), (3, 3), (7, 8), (9, 10), (10, 10), (11, 20), (25, 30), (240, 300), (801, 1000)])
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


@pytest.mark.parametrize("size, expected", [(0, "0 B"), (999, "999 B"), (1500, "1.5 kB"), (209_200, "209.2 kB"),
                                            (3_400_000_000, "3.4 GB")])
def test_human_bytes(size, expected):
    assert human_bytes(size) == expected


def test_days_without_events_are_zero_over_the_release_range():
    days = fill_days([{"date": "2024-06-02", "q1": 1, "q2": 0, "q3": 0, "q4": 2}], "2024-06-01", "2024-06-04")
    assert [d["date"] for d in days] == ["2024-06-01", "2024-06-02", "2024-06-03", "2024-06-04"]
    assert [d["q4"] for d in days] == [0, 2, 0, 0]


def test_daily_chart_stacks_one_bar_per_quad_class_and_day():
    svg = daily_chart([{"date": "2024-06-01", "q1": 2, "q2": 0, "q3": 1, "q4": 3},
                       {"date": "2024-06-03", "q1": 0, "q2": 1, "q3": 0, "q4": 0}], "2024-06-01", "2024-06-03")
    assert len(re.findall(r'<rect class="bar q\d"', svg)) == 4
    assert "<title>2024-06-01: verbal cooperation 2, material cooperation 0, verbal conflict 1, material conflict 3" \
           "</title>" in svg


@pytest.mark.parametrize("figure, text", [
    (daily_chart([]), "No events in this release."),
    (dyad_chart([]), "No events with a target in this release."),
    (country_table([], 0), "No events with a country in this release."),
])
def test_empty_figures_say_so(figure, text):
    assert text in figure


def test_labels_are_escaped():
    svg = dyad_chart([{"source": "<script>", "target": "A&B", "events": 2}])
    assert "<script>" not in svg and "&lt;script&gt; → A&amp;B" in svg


def test_country_table_names_countries_and_counts():
    html = country_table([{"country": "UKR", "events": 3, "as_source": 1, "as_target": 2}], 5)
    assert "<td>Ukraine</td>" in html and '<td class="num">3</td>' in html and "Top 1 of 5 countries" in html


def test_index_of_no_releases_still_renders():
    html = render_index(releases_document([]), None, "https://example.org/openevents")
    assert "All releases" in html and "at a glance" not in html


def test_index_uses_no_external_resources(releases, tmp_path):
    publish_release(releases / "0.2.0", str(tmp_path))
    html = (tmp_path / "index.html").read_text()
    assert not re.search(r'(src|href)="(https?:)?//', html) and "<script" not in html


@pytest.fixture(scope="module")
def published_site(releases, s3):
    """Both releases published to s3://site/openevents, the bucket readable by anyone (a public static site)."""
    for version in ("0.1.0", "0.2.0"):
        publish_release(releases / version, "s3://site/openevents", {"endpoint_url": s3})
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                      "Resource": "arn:aws:s3:::site/*"}]}
    boto3.client("s3", endpoint_url=s3).put_bucket_policy(Bucket="site", Policy=json.dumps(policy))
    return f"{s3}/site/openevents"


def test_index_links_resolve_on_the_site(published_site):
    with urllib.request.urlopen(f"{published_site}/releases.json", timeout=10) as response:
        document = json.load(response)
    url = f"{published_site}/{document['releases'][0]['documents']['changelog']}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read().decode().startswith("# OpenEvents 0.2.0: changes")


needs_chromium = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (Debian: apt-get install "
                                                                "chromium); the index page is not rendered")


@needs_chromium
def test_chromium_renders_the_index_with_its_figures(published_site, tmp_path):
    dom = dump_dom(f"{published_site}/index.html", tmp_path / "profile")
    assert "<h1>OpenEvents releases</h1>" in dom and "Release 0.2.0 at a glance" in dom
    daily = re.search(r'<svg id="events-per-day".*?</svg>', dom, re.S).group(0)
    assert len(re.findall(r'class="bar q\d"', daily)) >= 4
    assert len(re.findall(r'class="bar dyad"', dom)) >= 5
    assert len(re.findall(r"<tr><td><code>[A-Z]{3}</code>", dom)) == 4  # RUS, UKR, USA, KEN
    assert 'id="release-0.1.0"' in dom and 'id="release-0.2.0"' in dom


@needs_chromium
def test_chromium_paints_the_charts(published_site, tmp_path):
    shot = screenshot(f"{published_site}/index.html", tmp_path / "profile", tmp_path / "index.png")
    colours = pixel_colours(shot)
    painted = {name: colours[hex_colour] for name, hex_colour in COLOURS.items()}
    assert all(count > 50 for count in painted.values()), painted
