"""The collection at many times its size: the entity look-ups of Tables (built once) give
the answers a plain scan of the entities gives, on the committed data and on a copy ten
times bigger (scripts/bench_scale.py makes it); a village of a township of 70 villages
gets a township comparison of at most about 15 bars, itself and the median among them."""
from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pandas as pd
import pytest

from lingyuan import DATA_PROCESSED, DATA_RAW, PROJECT_ROOT
from lingyuan import dataset
from lingyuan.analysis import profile

_spec = importlib.util.spec_from_file_location("bench_scale", PROJECT_ROOT / "scripts" / "bench_scale.py")
bench_scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_scale)


# --- what a scan of the whole table says (the look-ups as they were first written) ----

_PARENTS: dict[int, dict[str, str]] = {}


def scan_ancestors(entities: pd.DataFrame, entity_id: str) -> list[str]:
    if id(entities) not in _PARENTS:
        _PARENTS[id(entities)] = dict(zip(entities["entity_id"], entities["parent_id"]))
    parents = _PARENTS[id(entities)]
    chain, seen, current = [], {entity_id}, parents.get(entity_id) or None
    while current and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current) or None
    return chain


def scan_descendants(entities: pd.DataFrame, entity_id: str) -> list[str]:
    return [e for e in entities["entity_id"] if entity_id in scan_ancestors(entities, e)]


def scan_township(entities: pd.DataFrame, entity_id: str) -> str | None:
    levels = dict(zip(entities["entity_id"], entities["level"]))
    if levels[entity_id] == "township":
        return entity_id
    return next((a for a in scan_ancestors(entities, entity_id) if levels.get(a) == "township"), None)


def scan_with_figures(tables: dataset.Tables, level: str) -> list[str]:
    about = set(tables.figures["entity_id"])
    ents = tables.entities
    return [e for e in ents.loc[ents["level"] == level, "entity_id"]
            if e in about or about.intersection(scan_descendants(ents, e))]


@pytest.fixture(scope="module")
def ten_times(tmp_path_factory) -> dataset.Tables:
    folder = tmp_path_factory.mktemp("k10")
    sizes = bench_scale.scale_raw(DATA_RAW, folder / "raw", 10)
    dataset.build(folder / "raw", folder / "processed")
    tables = dataset.load(folder / "processed")
    assert sizes == {"villages": 110, "figures": len(tables.figures)} and len(tables.figures) == 1170
    return tables


@pytest.fixture(scope="module")
def committed() -> dataset.Tables:
    return dataset.load(DATA_PROCESSED)


@pytest.mark.parametrize("which", ["committed", "ten_times"])
def test_indexed_look_ups_agree_with_a_scan(which, request):
    tables = request.getfixturevalue(which)
    ents = tables.entities
    for row in ents.to_dict("records"):
        eid = row["entity_id"]
        assert tables.entity(eid).to_dict() == row
        assert (tables.name(eid, "zh"), tables.name(eid, "en")) == (row["name_zh"], row["name_en"])
        assert tables.named(row["name_zh"], "zh") == ents.loc[ents["name_zh"] == row["name_zh"], "entity_id"].tolist()
        assert tables.level(eid) == row["level"]
        assert tables.parent(eid) == (row["parent_id"] or None)
        assert tables.ancestors(eid) == scan_ancestors(ents, eid)
        assert tables.descendants(eid) == scan_descendants(ents, eid)
        assert tables.children(eid) == ents.loc[ents["parent_id"] == eid, "entity_id"].tolist()
        assert tables.township_of(eid) == scan_township(ents, eid)
        ids = [eid, *scan_descendants(ents, eid)]
        assert tables.figure_count(eid) == int(tables.figures["entity_id"].isin(ids).sum())
    assert tables.townships() == ents.loc[ents["level"] == "township", "entity_id"].tolist()
    for level in ("village", "township", "cooperative", "city"):
        assert tables.with_figures(level) == scan_with_figures(tables, level)
    with pytest.raises(KeyError, match="not in entities.csv"):
        tables.name("nowhere", "en")
    with pytest.raises(KeyError, match="not in entities.csv"):
        tables.entity("nowhere")


def test_profile_helpers_agree_with_a_scan(ten_times):
    ents = ten_times.entities
    view = profile.villages_view(ten_times, "en").frame
    assert len(view) == 110
    for row in view.set_axis(["id", "name_zh", "name_en", "township_zh", "township_en", "figures"],
                             axis=1).to_dict("records")[::7]:
        vid = row["id"]
        ids = [vid, *scan_descendants(ents, vid)]
        assert int(row["figures"]) == int(ten_times.figures["entity_id"].isin(ids).sum()) > 0
        town = scan_township(ents, vid)
        assert row["township_en"] == ents.loc[ents["entity_id"] == town, "name_en"].iloc[0]
        mates = profile.township_villages(ten_times, vid)
        same = ents[(ents["level"] == "village") & (ents["parent_id"] == town)]
        assert mates["entity_id"].tolist() == same["entity_id"].tolist()
        assert mates["name_zh"].tolist() == same["name_zh"].tolist()
        assert mates.loc[mates["this_village"], "entity_id"].tolist() == [vid]
    assert profile.resolve_village("北房身村7", ten_times) == "beifangshen-k7"


# --- the township comparison of a big township ------------------------------------------

def _big_township(villages: int = 70) -> dataset.Tables:
    ids = [f"v{i:02d}" for i in range(villages)]
    entities = pd.DataFrame(
        [("city", "市", "City", "city", ""), ("town", "甲镇", "Jia Town", "township", "city")]
        + [(v, f"{v}村", f"{v} Village", "village", "town") for v in ids],
        columns=["entity_id", "name_zh", "name_en", "level", "parent_id"])
    figures = pd.DataFrame([{"figure_id": f"{v}-gain", "entity_id": v, "indicator_id": "gain",
                             "indicator_zh": "增收", "indicator_en": "Income gain", "entity_zh": f"{v}村",
                             "entity_en": f"{v} Village", "value": float(1000 + 37 * ((i * 29) % villages)),
                             "unit": "CNY", "period": "annual", "kind": "actual", "qualifier": "exact",
                             "paragraph": 1} for i, v in enumerate(ids)])
    return dataset.Tables(figures, entities)


@pytest.mark.parametrize("village", ["v00", "v01", "v35", "v69"])
def test_a_township_of_70_villages_draws_at_most_15_bars(village):
    tables = _big_township()
    full = profile.township_comparison(tables, village)
    assert len(full) == 70  # every village keeps its rank
    shown = profile.comparison_bars(full)
    assert 5 <= len(shown) <= 15
    assert shown.loc[shown["this_village"].astype(bool), "entity_id"].tolist() == [village]
    median = shown[shown["entity_id"] == profile.MEDIAN]
    assert len(median) == 1 and median["value"].iloc[0] == statistics.median(full["value"])
    ranks = shown.loc[shown["entity_id"] != profile.MEDIAN, "rank"].tolist()
    assert 1 in ranks and 70 in ranks  # the top and the bottom
    assert ranks == sorted(ranks)  # in rank order, the median in its place
    me = int(full.loc[full["this_village"].astype(bool), "rank"].iloc[0])
    assert {r for r in (me - 1, me + 1) if 1 <= r <= 70} <= set(ranks)  # its neighbours in rank


def test_a_small_township_is_drawn_whole(committed):
    village = "beilu-village"
    full = profile.township_comparison(committed, village)
    assert len(full) > 1
    assert profile.comparison_bars(full)["figure_id"].tolist() == full["figure_id"].tolist()


def test_the_chart_of_a_village_of_70_says_which_are_shown():
    import matplotlib.pyplot as plt

    tables = _big_township()
    for lang in ("zh", "en"):
        fig = profile.profile_chart(tables, "v35", lang)
        try:
            ax = next(a for a in fig.axes if a.get_visible() and a.patches)
            assert len(ax.patches) <= 15
            labels = [t.get_text() for t in ax.get_yticklabels()]
            assert any(profile.say("profile.comparison.median", lang).split("\n")[0] in t for t in labels)
            text = "".join(t.get_text() for t in fig.texts).replace("\n", "").replace(" ", "")
            said = profile.say("profile.comparison.selection", lang, n=70, shown=len(ax.patches) - 1,
                               top=profile.TOP, near=profile.NEAR)
            assert said.replace(" ", "") in text
        finally:
            plt.close(fig)


# --- validate: the same problems at any size --------------------------------------------

def _corrupt(raw_dir, suffix: str) -> dict[str, int]:
    """Spoil three figures of *raw_dir* (those whose ids end in *suffix*, after a base id)
    and return the line each one is on."""
    path = raw_dir / "figures.csv"
    header, rows = bench_scale._read(path)
    spoil = {"secretaries-wealth-leader-share-target": {"as_reported": "٧0%"},  # an Arabic-Indic digit
             "poor-villages-remaining": {"paragraph": "１", "entity_id": "nowhere"},  # full-width, unknown id
             "yufeng-income-2018": {"unit_reported": "斤"}}  # a unit that does not fit CNY
    lines, line = {}, 2
    for row in rows:
        base = row["figure_id"].removesuffix(suffix)
        if row["figure_id"].endswith(suffix) and base in spoil:
            row.update(spoil[base])
            lines[base] = line
        line += 1 + sum(v.count("\n") for v in row.values())
    bench_scale._write(path, header, rows)
    return lines


def test_validate_reports_the_same_problems_at_ten_times_the_size(tmp_path):
    from lingyuan.dataset.validate import validate_raw

    found = {}
    for k, suffix in ((1, ""), (10, "-k7")):
        raw = tmp_path / f"k{k}"
        bench_scale.scale_raw(DATA_RAW, raw, k)
        lines = _corrupt(raw, suffix)
        assert len(lines) == 3
        problems = validate_raw(raw)
        assert {p.line for p in problems} == set(lines.values())  # only the spoilt rows, where they are
        where = {line: base for base, line in lines.items()}
        assert {p.file for p in problems} == {str(raw / "figures.csv")}
        found[k] = sorted((where[p.line], p.column, p.message) for p in problems)
    assert found[1] == found[10]
    said = {(base, column): message for base, column, message in found[10]}
    assert said[("secretaries-wealth-leader-share-target", "as_reported")].startswith(
        "'٧0%' holds '٧' (ARABIC-INDIC DIGIT SEVEN); write numbers with the digits 0-9 (or ０-９ as printed)")
    assert said[("poor-villages-remaining", "paragraph")] == \
        "'１' holds '１' (FULLWIDTH DIGIT ONE); write numbers with the digits 0-9"
    assert said[("poor-villages-remaining", "entity_id")].startswith("unknown entity_id 'nowhere'")
    assert "'斤'" in said[("yufeng-income-2018", "unit_reported")]


# --- the front page with many villages ----------------------------------------------------

def _front_page(folder, villages: int) -> Path:
    from lingyuan.runner import publish

    entries = [{"name": f"50_village_profile.en.v{i:02d}", "notebook": "50_village_profile",
                "parameters": {"lang": "en", "village": f"v{i:02d}"}, "links": {"reader": f"v{i:02d}.reader.html"}}
               for i in range(villages)]
    places = {f"v{i:02d}": {"zh": f"村{i:02d}", "en": f"Village {i:02d}", "township_zh": f"镇{i % 7}",
                            "township_en": f"Town {'ABCDEFG'[i % 7]}"} for i in range(villages)}
    path = folder / "index.en.html"
    path.write_text(publish.index_html(entries, lang="en", places=places), encoding="utf-8")
    return path


@pytest.mark.browser
@pytest.mark.parametrize("script", [True, False])
def test_the_front_page_lists_70_villages_by_township_with_a_filter(tmp_path, script):
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    path = _front_page(tmp_path, 70)
    visible = "() => [...document.querySelectorAll('#villages li')].filter(e => e.offsetParent).map(e => e.id)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(java_script_enabled=script)
            page.goto(path.as_uri())
            headings = page.eval_on_selector_all("#villages h3", "hs => hs.map(h => h.textContent)")
            assert headings == [f"Town {c}" for c in "ABCDEFG"]
            assert len(page.evaluate(visible)) == 70  # every village listed, with or without the script
            assert page.is_visible("#village-filter") == script
            if script:
                page.fill("#village-filter", "town c")
                shown = page.evaluate(visible)
                assert shown == [f"village-v{i:02d}" for i in range(2, 70, 7)]
                assert page.eval_on_selector_all("#villages h3", "hs => hs.filter(h => h.offsetParent)"
                                                 ".map(h => h.textContent)") == ["Town C"]
                page.fill("#village-filter", "village 45")
                assert page.evaluate(visible) == ["village-v45"]
                page.fill("#village-filter", "")
                assert len(page.evaluate(visible)) == 70
        finally:
            browser.close()


def test_a_front_page_of_few_villages_keeps_one_list(tmp_path):
    html = _front_page(tmp_path, 11).read_text(encoding="utf-8")
    assert html.count('<ul class="villages">') == 1 and "village-filter" not in html
