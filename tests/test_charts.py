"""The chart toolkit: the Chinese font is really used, files are valid, byte-identical
on rerun and written atomically, and direct labels read as computed by hand."""
from __future__ import annotations

from collections import Counter
import base64
import html
import io
import re
import struct
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from lingyuan import DATA_PROCESSED
from lingyuan.analysis import chartfiles, charts, chartwrap, layouts
from lingyuan.analysis.params import ParameterError

CHINESE = "凌源市北炉乡 产业扶贫 ≥150万元 ~6万人 ¥ m² （预计）"


@layouts.chart
def _chart(lang: str):
    charts.setup(lang)
    fig, axes = charts.figure(1, 2, width=6, height=3.5)
    bars = axes[0, 0].bar(["累计", "2019"], [358, 37], **charts.bar_style("actual"))
    charts.label_bars(axes[0, 0], bars, ["358", "37"])
    fc = axes[0, 1].bar([0], [15000], **charts.bar_style("forecast", charts.PALETTE[1]))
    charts.label_bars(axes[0, 1], fc, [charts.value_label(15000, "person", "exact", lang,
                                                          "forecast", marker=True)])
    charts.finish(fig, title=CHINESE, subtitle="个；人；2019年", lang=lang,
                  source_note=charts.marks_note(lang, qualifiers=["approx"], kinds=["forecast"]))
    return fig


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_setup_registers_the_cjk_font_and_uses_it():
    charts.setup("zh")
    assert any(f.name == "Noto Sans CJK SC" for f in font_manager.fontManager.ttflist)
    found = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]),
                                  fallback_to_default=False)
    assert found.endswith("NotoSansCJKsc-Regular.otf")
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert matplotlib.rcParams["svg.fonttype"] == "none"  # SVG text stays text
    assert matplotlib.rcParams["pdf.fonttype"] == 3
    assert matplotlib.rcParams["svg.hashsalt"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendering_chinese_text_warns_of_no_missing_glyph(lang, tmp_path, caplog):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = _chart(lang)
        chartfiles.save(fig, "glyphs", topic="test", lang=lang, figures_dir=tmp_path,
                    formats=["png", "svg", "pdf"])
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    bad = [m for m in messages if "Glyph" in m or "missing from font" in m or "findfont" in m]
    assert not bad, bad
    # every text of the figure resolves to the CJK font file
    for t in fig.findobj(matplotlib.text.Text):
        if t.get_text():
            assert font_manager.findfont(t.get_fontproperties()).endswith("NotoSansCJKsc-Regular.otf")


def test_setup_rejects_an_unknown_language():
    with pytest.raises(ParameterError, match="valid values: zh, en"):
        charts.setup("fr")


def test_save_writes_valid_png_svg_pdf(tmp_path):
    fig = _chart("zh")
    paths = chartfiles.save(fig, "demo", topic="test", lang="zh", figures_dir=tmp_path,
                        formats=["png", "svg", "pdf"])
    assert [p.name for p in paths] == ["test_demo.png", "test_demo.svg", "test_demo.pdf"]
    assert all(p.parent == tmp_path / "zh" for p in paths)
    png, svg, pdf = (p.read_bytes() for p in paths)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    # 200 dpi, the figure size (finish makes it as tall as its panels, head and foot need)
    assert (width, height) == tuple(round(v * 200) for v in fig.get_size_inches())
    assert width == 6 * 200
    assert b"<svg" in svg[:500] and svg.rstrip().endswith(b"</svg>")
    assert b"<dc:date>" not in svg
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"CreationDate" not in pdf


def test_save_is_byte_identical_on_a_second_run(tmp_path):
    first = {p: p.read_bytes() for p in chartfiles.save(_chart("en"), "same", topic="test", lang="en",
                                                  figures_dir=tmp_path, formats=["png", "svg", "pdf"])}
    plt.close("all")
    second = chartfiles.save(_chart("en"), "same", topic="test", lang="en", figures_dir=tmp_path,
                         formats=["png", "svg", "pdf"])
    for path in second:
        assert path.read_bytes() == first[path], f"{path.name} differs on rerun"


def test_a_failing_save_leaves_the_previous_file_intact(tmp_path):
    (path,) = chartfiles.save(_chart("zh"), "atomic", topic="test", lang="zh", figures_dir=tmp_path,
                          formats=["png"])
    before = path.read_bytes()
    broken = _chart("zh")
    broken.text(0.5, 0.5, r"$\frac{$", parse_math=True)  # bad mathtext (asked for): fails while drawing
    with pytest.raises(ValueError):
        chartfiles.save(broken, "atomic", topic="test", lang="zh", figures_dir=tmp_path, formats=["png"])
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["test_atomic.png"]


def test_save_rejects_an_unknown_format(tmp_path):
    with pytest.raises(ParameterError, match="png, svg, pdf"):
        chartfiles.save(_chart("en"), "x", topic="test", lang="en", figures_dir=tmp_path, formats=["gif"])


@pytest.mark.parametrize("args, expected", [
    # 5953.2万 = 59,532,000 yuan
    ((59_532_000, "CNY", "exact", "zh"), "5953.2万元"),
    ((59_532_000, "CNY", "exact", "en"), "¥59.5 million"),
    # 6万余 people = approximately 60,000
    ((60_000, "person", "approx", "zh"), "~6万"),
    ((60_000, "person", "approx", "en"), "~60,000"),
    ((45.6, "percent", "exact", "zh"), "45.6%"),
    ((45.6, "percent", "exact", "en"), "45.6%"),
    # 62744 is not a round number of 万: printed in full
    ((62_744, "person", "exact", "zh"), "62744"),
    ((62_744, "person", "exact", "en"), "62,744"),
    # 150万元以上, expected per year
    ((1_500_000, "CNY", "at_least", "zh", "forecast"), "≥150万元"),
    ((1_500_000, "CNY", "at_least", "en", "forecast"), "≥¥1.5 million"),
    ((20_000, "CNY_per_building", "at_least", "zh"), "≥2万元"),
    ((20_000, "CNY_per_building", "at_least", "en"), "≥¥20,000"),
    ((695, "CNY_per_person", "exact", "en"), "¥695"),
    ((2.2, "project_per_person", "exact", "zh"), "2.2"),
    ((316_000, "head", "exact", "zh"), "31.6万"),
    ((316_000, "head", "exact", "en"), "316,000"),
    ((3.41, "MW", "exact", "en"), "3.41"),
    ((100, "person", "at_most", "en"), "≤100"),
    ((200_000_000, "CNY", "exact", "zh"), "2亿元"),
    ((4_750_000, "CNY", "exact", "en"), "¥4.75 million"),
])
def test_value_label_by_hand(args, expected):
    assert charts.value_label(*args) == expected


def test_value_label_units_and_markers():
    assert charts.value_label(62_744, "person", "exact", "zh", with_unit=True) == "62744人"
    assert charts.value_label(62_744, "person", "exact", "en", with_unit=True) == "62,744 people"
    assert charts.value_label(1, "project", "exact", "en", with_unit=True) == "1 project"
    assert charts.value_label(53, "hectare", "exact", "en", with_unit=True) == "53 ha"
    assert charts.value_label(695, "CNY_per_person", "exact", "zh", with_unit=True) == "695元/人"
    assert charts.value_label(15_000, "person", "exact", "zh", "forecast", marker=True) == "1.5万（预计）"
    assert charts.value_label(15_000, "person", "exact", "en", "forecast", marker=True) == "15,000 (forecast)"
    assert charts.value_label(50_000, "CNY", "at_least", "en", "target", marker=True) == "≥¥50,000 (target)"
    assert charts.value_label(318.76, "CNY_per_person", "exact", "zh", "derived", marker=True) == "318.76元（推算）"
    # units the page does not use
    assert charts.value_label(12.2, "percentage_point", "exact", "zh") == "12.2个百分点"
    assert charts.value_label(12.2, "percentage_point", "exact", "en") == "12.2 pp"
    assert charts.value_label(3000, "CNY_per_household", "exact", "zh", with_unit=True) == "3000元/户"
    assert charts.value_label(5000, "CNY_per_mu", "at_least", "en", with_unit=True) == "≥¥5,000 per mu"
    assert charts.value_label(1200, "jin_per_mu", "exact", "zh", with_unit=True) == "1200斤/亩"
    assert charts.value_label(4_000_000, "kWh", "approx", "en", with_unit=True) == "~4 million kWh"
    assert charts.value_label(60, "age", "at_least", "en", with_unit=True) == "≥60 years of age"
    with pytest.raises(ValueError, match="valid values"):
        charts.value_label(1, "person", "roughly", "en")


def test_bar_style_tells_kinds_apart():
    actual, forecast, target = (charts.bar_style(k, "#0072B2") for k in ("actual", "forecast", "target"))
    assert actual["facecolor"] == "#0072B2" and "hatch" not in actual
    assert forecast["hatch"] and forecast["linestyle"] == "--"
    assert target["facecolor"] == "white" and "hatch" not in target
    assert len(set(charts.PALETTE)) == len(charts.PALETTE) >= 7
    with pytest.raises(ValueError, match="actual, forecast, target"):
        charts.bar_style("guess")


def test_words_in_both_languages():
    assert charts.text({"zh": "项目", "en": "projects"}, "en") == "projects"
    assert charts.bilingual("项目", "projects", "zh") == "项目"
    assert "数据按原文" in charts.text("source", "zh")
    assert "figures as reported" in charts.text("source", "en")
    assert charts.unit_label("hectare", "zh") == "公顷"
    assert charts.unit_label("person", "en") == "people"
    row = {"entity_zh": "北炉乡", "entity_en": "Beilu Township", "indicator_zh": "项目", "indicator_en": "Projects"}
    assert charts.entity_name(row, "en") == "Beilu Township"
    assert charts.indicator_name(row, "zh") == "项目"
    assert charts.marks_note("en", qualifiers=["approx", "at_least"], kinds=["forecast"], derived=True) == (
        "~ approximate; ≥ at least; hatched = forecast; dotted = derived (computed from reported figures)")


def test_entity_name_by_id_from_the_tidy_table():
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"entity_id": ["beilu"], "entity_zh": ["北炉乡"], "entity_en": ["Beilu Township"]})
    assert charts.entity_name("beilu", "zh", table=table) == "北炉乡"


def test_bars_from_rows_styles_each_row_by_its_kind():
    pd = pytest.importorskip("pandas")
    charts.setup("en")
    fig, axes = charts.figure()
    rows = pd.DataFrame({"value": [180.0, 150.0, 318.76], "unit": ["CNY"] * 3,
                         "qualifier": ["exact", "at_least", "exact"],
                         "kind": ["actual", "forecast", "forecast"], "style": [None, None, "derived"]})
    bars = charts.bars_from_rows(axes[0, 0], rows, "en", names=["a", "b", "c"], marker=True)
    actual, forecast, derived = (b.patches[0] for b in bars)
    assert actual.get_hatch() is None and forecast.get_hatch() == "///" and derived.get_hatch() == ".."
    labels = [t.get_text() for t in axes[0, 0].texts]
    assert labels == ["¥180", "≥¥150 (forecast)", "¥318.76 (derived)"]


def test_a_dotted_bar_stays_light_and_visible_in_the_page_svg():
    """matplotlib writes the derived bars' dots as a 72-unit tile of some hundred circles
    (~70 KB a colour, the opacity on the whole pattern): the page gets the smallest tile
    that repeats them, the tint translucent and the dots opaque."""
    charts.setup("en")
    fig, axes = charts.figure()
    bars = axes[0, 0].bar([0, 1], [3, 4], **charts.bar_style("derived", charts.PALETTE[1]))
    charts.label_bars(axes[0, 0], bars, ["3", "4"])
    charts.finish(fig, title="Derived", subtitle="yuan", lang="en")
    chartfiles._fix_layout(fig)
    svg = chartfiles._render_svg(fig)
    page = chartfiles.chart_html(svg, None, stem="t", alt="Derived", titles={})
    assert len(svg) > 60_000 and len(page) < 12_000, (len(svg), len(page))
    tile = re.search(r'<pattern [^>]*width="(\d+)"[^>]*>\s*<rect [^>]*fill-opacity="0.1"/>\s*<path d="([^"]*)"', page)
    assert tile and int(tile.group(1)) < 72 and tile.group(2).count("a") >= 4
    assert "fill-opacity: 0.1" not in page  # not on the bar: its dots would vanish
    file_svg = chartfiles._svg_file(svg).decode()
    assert "fill-opacity: 0.1" not in file_svg and 'fill-opacity="0.1"' in file_svg


def test_a_chinese_label_never_wraps_before_a_closing_bracket_or_comma():
    assert chartwrap.wrap_label("有稳定收入来源的贫困人口（2019年9月）", 20, "zh") == "有稳定收入来源的贫困人口（2019年9月）"
    assert chartwrap.wrap_label("一二三四五六），七八", 6, "zh") == "一二三四五六），\n七八"
    assert chartwrap.wrap_label("一二三四五六七八", 6, "zh") == "一二三四五六\n七八"
    # a number is not cut, an opening bracket does not end a line
    for width in range(8, 16):
        for line in chartwrap.wrap_label("目标：≥80%的村≥5万元（2020年全部达到）", width, "zh").split("\n"):
            assert line[-1:] not in chartwrap.OPENING_PUNCTUATION and not line[:1].isdigit(), (width, line)


@pytest.mark.parametrize("lang, text", [
    ("zh", "资料来源：凌源市脱贫攻坚报道（2019年9月），数据按原文。约 = 约数；≥ = 不少于；斜线 = 预计"),
    ("en", "Source: Lingyuan poverty-alleviation report (September 2019); figures as reported. "
           "~ approximate; ≥ at least; hatched = forecast; dotted = derived (computed from reported figures)"),
])
@pytest.mark.parametrize("width_px", [60, 150, 333, 700])
def test_each_wrapped_line_is_the_longest_that_fits_as_a_text_measures_it(lang, text, width_px):
    charts.setup(lang)
    fig, _ = charts.figure()
    wrapped = chartwrap.wrap_to_width(fig, text, 10, width_px, lang)
    assert wrapped.replace("\n", "" if lang == "zh" else " ") == text
    renderer = chartwrap.renderer(fig)
    probe = fig.text(0, 0, "", fontsize=10)

    def width(line):
        probe.set_text(line)
        return probe.get_window_extent(renderer).width

    lines = wrapped.split("\n")
    sep = "" if lang == "zh" else " "
    for line, after in zip(lines, lines[1:] + [None]):
        tokens = chartwrap._tokens(line, lang)
        assert width(line) <= width_px or len(tokens) == 1  # a token too wide stands alone
        if after is not None:  # one token more would not have fitted
            assert width(line + sep + chartwrap._tokens(after, lang)[0]) > width_px


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_word_wider_than_the_line_is_broken_to_fit_not_drawn_past_the_edge(lang):
    """A long name without a space (a village's name in a data file, a pasted address)
    is broken between characters where it must, so the chart keeps its layout."""
    charts.setup(lang)
    fig, _ = charts.figure()
    name = 'Dadianzi<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>'
    wrapped = chartwrap.wrap_to_width(fig, f"{name} village", 11, 120, lang)
    renderer = chartwrap.renderer(fig)
    probe = fig.text(0, 0, "", fontsize=11)
    assert len(wrapped.split("\n")) >= 3
    for line in wrapped.split("\n"):
        probe.set_text(line)
        assert probe.get_window_extent(renderer).width <= 120, line
    assert "".join(wrapped.split()) == "".join(f"{name} village".split())
    # a word of the language stays whole, on a line of its own, even when wider than the line
    if lang == "en":
        assert chartwrap.wrap_to_width(fig, "2017 greenhouses", 11, 40, lang) == "2017\ngreenhouses"


@pytest.mark.parametrize("count", range(2, 12))
def test_the_longest_fit_is_bisections_answer_whatever_the_guess(count):
    for limit in range(0, count + 1):  # fits(n) while n <= limit
        for guess in range(-1, count + 2):
            tried = []

            def fits(n, tried=tried, limit=limit):
                tried.append(n)
                return n <= limit

            answer = chartwrap._longest_fit(count, fits, guess)
            assert answer == min(max(limit, 1), count - 1)
            assert len(tried) == len(set(tried)), "a length measured twice"


def test_text_measured_once_gives_the_renderers_own_sizes():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_svg import RendererSVG

    charts.setup("zh")
    chartwrap.forget_text_sizes()
    font = font_manager.FontProperties(family=matplotlib.rcParams["font.family"], size=11)
    agg = RendererAgg(100, 100, 200)
    svg = RendererSVG(100, 100, io.StringIO())
    for renderer in (agg, svg):
        measure = type(renderer).get_text_width_height_descent
        own = measure.__wrapped__(renderer, CHINESE, font, False)
        assert measure(renderer, CHINESE, font, False) == own  # measured, then kept
        assert measure(renderer, CHINESE, font, False) == own
    # another resolution, another size, another text: measured apiece
    low = RendererAgg(100, 100, 100)
    assert low.get_text_width_height_descent(CHINESE, font, False) == \
        type(low).get_text_width_height_descent.__wrapped__(low, CHINESE, font, False)
    assert low.get_text_width_height_descent(CHINESE, font, False)[0] < \
        agg.get_text_width_height_descent(CHINESE, font, False)[0] * 0.6
    big = font.copy()
    big.set_size(22)
    assert agg.get_text_width_height_descent(CHINESE, big, False)[0] > agg.get_text_width_height_descent(
        CHINESE, font, False)[0] * 1.9


def test_the_png_has_matplotlibs_pixels_without_the_alpha_channel(tmp_path):
    """The PNG file is RGB (a chart is opaque): pixel for pixel matplotlib's own PNG of the
    figure (RGBA, its alpha 255 everywhere), at 200 dpi; the pixels ``png_file`` gives beside
    it are the file's, and the page's palette PNG made from them is the one made from the file."""
    from PIL import Image, ImageChops

    fig = _chart("zh")
    chartfiles.save(fig, "pixels", topic="t", lang="zh", figures_dir=tmp_path, formats=["png"], show=False)
    png = (tmp_path / "zh" / "t_pixels.png").read_bytes()
    theirs = io.BytesIO()
    fig.savefig(theirs, format="png", dpi=200, facecolor="white")
    data, pixels = chartfiles.png_file(fig)
    assert data == png
    with Image.open(io.BytesIO(png)) as image, Image.open(theirs) as reference:
        assert image.mode == "RGB" and reference.mode == "RGBA"
        assert image.size == reference.size == pixels.size
        assert image.info["dpi"] == reference.info["dpi"]
        assert reference.getextrema()[3] == (255, 255)
        assert ImageChops.difference(image, reference.convert("RGB")).getbbox() is None
        assert ImageChops.difference(image, pixels).getbbox() is None
    assert chartfiles.display_png(png, pixels) == chartfiles.display_png(png)


def test_a_kept_text_size_follows_the_font_settings():
    from matplotlib.backends.backend_agg import RendererAgg

    charts.setup("en")
    agg = RendererAgg(100, 100, 200)
    measure = type(agg).get_text_width_height_descent
    font = font_manager.FontProperties(family="sans-serif", size=11)
    sizes = []
    for family in ([charts.FONT_FAMILY], ["DejaVu Sans"]):
        with matplotlib.rc_context({"font.sans-serif": family}):
            sizes.append(measure(agg, "Lingyuan 2019", font, False))
            assert sizes[-1] == measure.__wrapped__(agg, "Lingyuan 2019", font, False)
    assert sizes[0] != sizes[1]  # the generic family names another font: measured again


def test_magnitude_ticks_and_wrapped_labels():
    charts.setup("zh")
    fig, axes = charts.figure()
    ax = axes[0, 0]
    ax.set_ylim(0, 2_000_000)
    ax.yaxis.set_major_formatter(chartwrap.magnitude_formatter("zh"))
    assert ax.yaxis.get_major_formatter()(1_500_000) == "150万"
    ax.yaxis.set_major_formatter(chartwrap.magnitude_formatter("en"))
    assert ax.yaxis.get_major_formatter()(1_500_000) == "1.5m"
    assert ax.yaxis.get_major_formatter()(0) == "0"
    assert chartwrap.wrap_label("穆罗树杖子村农业示范园", 6, "zh") == "穆罗树杖子村\n农业示范园"
    assert chartwrap.wrap_label("farming demonstration\npark", 10, "en") == "farming\ndemonstration\npark"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _mean_difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two PNGs' RGB values (0-255)."""
    from PIL import Image, ImageChops, ImageStat

    with Image.open(io.BytesIO(a)) as x, Image.open(io.BytesIO(b)) as y:
        diff = ImageChops.difference(x.convert("RGB"), y.convert("RGB"))
        return sum(ImageStat.Stat(diff).mean) / 3


def test_show_displays_the_saved_png_once_and_closes_the_figure(tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend((o, kw) for o in objs))
    plain = {p.suffix: p.read_bytes() for p in chartfiles.save(
        _chart("zh"), "plain", topic="test", lang="zh", figures_dir=tmp_path, formats=["svg", "png"])}
    fig = _chart("zh")
    paths = chartfiles.save(fig, "shown", topic="test", lang="zh", figures_dir=tmp_path,
                        formats=["svg", "png"], show=True)
    # the paths come back in the order asked for, and the files are those written without show
    assert [p.suffix for p in paths] == [".svg", ".png"]
    assert {p.suffix: p.read_bytes() for p in paths} == plain
    # one output: the saved PNG's pixels (sharp on HiDPI screens) in a palette, a fraction of
    # the bytes, shown at the size of a figure drawn at screen dpi (PNG_DPI / FIGURE_DPI
    # times fewer pixels), and the chart's inline SVGs for the reports site
    assert len(shown) == 1
    (bundle, kw), = shown
    assert kw.get("raw") is True and set(bundle) == {"image/png", chartfiles.CHART_MIME}
    png = base64.b64decode(bundle["image/png"])
    meta = kw["metadata"]["image/png"]
    assert png == chartfiles.display_png(plain[".png"])
    assert _png_size(png) == _png_size(plain[".png"])
    assert len(png) < 0.6 * len(plain[".png"])
    assert _mean_difference(png, plain[".png"]) < 1.0  # out of 255: the same picture
    width, height = _png_size(plain[".png"])
    assert (meta["width"], meta["height"]) == (width // 2, height // 2)
    assert charts.PNG_DPI == 2 * charts.FIGURE_DPI
    # its alternative text says what the title and subtitle say, and the numbers shown
    assert meta["alt"] == f"{CHINESE}。个；人；2019年。图中数字：358；37；1.5万（预计）"
    # the page's chart: no PNG, a wide and a narrow SVG with the same words, text as text
    page = bundle[chartfiles.CHART_MIME]
    assert "<img" not in page and page.count("<svg ") == 2
    assert 'class="chart-wide"' in page and 'class="chart-narrow"' in page
    wide, narrow = page.split('class="chart-narrow"')
    assert chart_words(wide) == chart_words(narrow)  # the same words, wrapped for the width
    assert CHINESE.replace(" ", "")[:6] in "".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", wide))
    assert all("358" in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg) for svg in (wide, narrow))
    sizes = [float(v) for v in re.findall(r"font-size: ([\d.]+)px", page)]
    assert sizes and min(sizes) >= layouts.MIN_FONT == 11
    _closed_and_usable(fig, tmp_path)


def chart_words(svg: str) -> Counter:
    """The characters of a chart's texts, however wrapped, its tick labels left out (a
    narrow axis may have fewer ticks)."""
    svg = re.sub(r'<g class="tick">.*?</g>\s*</g>', "", svg, flags=re.S)
    texts = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    return Counter("".join(texts).replace(" ", ""))


def _closed_and_usable(fig, tmp_path):
    # closed in pyplot, so the inline backend does not draw it again; the Figure still works
    assert fig.number not in plt.get_fignums()
    assert fig.get_layout_engine() is not None  # the layout engine is given back
    chartfiles.save(fig, "again", topic="test", lang="zh", figures_dir=tmp_path, formats=["png"])


def test_the_html_of_a_notebook_shows_the_chart_at_half_its_pixel_size(tmp_path):
    """nbconvert's lab template writes the width and height of the output's metadata on the
    <img>: a reader page shows the 200-dpi PNG at 1x size (sharp on HiDPI screens)."""
    import nbformat
    from nbconvert import HTMLExporter

    (path,) = chartfiles.save(_chart("en"), "html", topic="test", lang="en", figures_dir=tmp_path, formats=["png"])
    png = path.read_bytes()
    from IPython.core.formatters import format_display_data

    data, metadata = format_display_data(chartfiles.inline_image(png, "alt text"))  # what the kernel sends
    output = nbformat.v4.new_output("display_data", data=data, metadata=metadata)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("save(fig)", outputs=[output])])
    page, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    width, height = _png_size(png)
    img = re.search(r"<img [^>]*>", page).group(0)
    assert re.search(rf"\bwidth=\"?{width // 2}\b", img) and re.search(rf"\bheight=\"?{height // 2}\b", img), img
    assert base64.b64encode(chartfiles.display_png(png)).decode() in img  # all its pixels, not a smaller copy


def test_without_png_show_displays_the_figure_itself(tmp_path, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    fig = _chart("en")
    chartfiles.save(fig, "svg_only", topic="test", lang="en", figures_dir=tmp_path, formats=["svg"],
                show=True)
    assert shown == [fig]
    assert fig.number not in plt.get_fignums()


def test_outside_a_notebook_nothing_is_shown_and_the_figure_stays_open(tmp_path):
    fig = _chart("en")
    chartfiles.save(fig, "script", topic="test", lang="en", figures_dir=tmp_path, formats=["png"])
    assert fig.number in plt.get_fignums()


def test_files_are_byte_identical_across_processes(tmp_path):
    """Constrained layout's positions differ between processes in their last bits; the
    SVG names its clip paths by hashing them. Before save fixed and rounded the layout,
    this chart's SVG came in three versions over eight runs."""
    import subprocess
    import sys

    import pickle

    from lingyuan.analysis import profile

    tables = tmp_path / "tables.pickle"  # the tables loaded once here (each process draws, no more)
    tables.write_bytes(pickle.dumps(profile.load("data/processed")))
    script = (
        "import pickle, sys, matplotlib\n"
        "matplotlib.use('agg')\n"
        "from lingyuan.analysis import chartfiles, profile\n"
        "with open(sys.argv[2], 'rb') as f:\n"
        "    tables = pickle.load(f)\n"
        "fig = profile.profile_chart(tables, 'beifangshen', 'en')\n"
        "chartfiles.save(fig, 'p', topic='t', lang='en', figures_dir=sys.argv[1], formats=['png', 'svg'])\n"
    )
    folders = [tmp_path / str(i) for i in range(8)]  # without the fix: 8 alike ~2% of the time
    procs = [subprocess.Popen([sys.executable, "-c", script, str(f), str(tables)]) for f in folders]
    assert [p.wait() for p in procs] == [0] * len(procs)
    outputs = {tuple((f / "en" / f"t_p.{fmt}").read_bytes() for fmt in ("png", "svg")) for f in folders}
    assert len(outputs) == 1


def test_svg_keeps_its_text_as_text_with_a_font_stack(tmp_path):
    import xml.etree.ElementTree as ET

    (svg,) = chartfiles.save(_chart("zh"), "text", topic="test", lang="zh", figures_dir=tmp_path, formats=["svg"])
    data = svg.read_text(encoding="utf-8")
    texts = ["".join(t.itertext()) for t in ET.parse(svg).getroot().iter("{http://www.w3.org/2000/svg}text")]
    assert "1.5万（预计）" in texts and "358" in texts  # a newsroom can edit a label, a search finds it
    assert "font-family: 'Noto Sans CJK SC', " in data and "sans-serif" in data
    assert "<path" not in data.split("<text", 1)[0] or "glyph" not in data  # no glyph outlines for text


def _every_chart(tables):
    """(name, figure) for every chart of the analysis notebooks, in both languages, and the
    profile with the most panels."""
    from lingyuan.analysis import income, industry, profile, social

    makers = [industry.reach_chart, industry.capacity_chart, industry.beilu_chart, industry.grape_chart,
              industry.erangou_chart, industry.cooperatives_chart, income.per_capita_chart,
              income.collective_chart, income.earnings_chart, social.safety_net_chart, social.health_chart,
              social.education_chart, social.housing_chart, social.employment_chart,
              lambda t, lang: profile.profile_chart(t, "erangou", lang)]
    for lang in ("zh", "en"):
        for make in makers:
            yield f"{getattr(make, '__name__', 'profile')}-{lang}", make(tables, lang)


def _overlap(a, b) -> bool:
    return a.width > 0 and b.width > 0 and a.overlaps(b)


@pytest.mark.skipif(not (DATA_PROCESSED / "figures.csv").is_file(), reason="data/processed is not built")
def test_axis_units_are_written_once_horizontally_and_clear_of_titles_and_ticks():
    """A unit never stands sideways beside a y axis (个, 元/人 rotated read badly), never twice
    for one axis (as a title and as a label), and its text overlaps no title or tick label."""
    from lingyuan.dataset import load

    tables = load(DATA_PROCESSED)
    units_seen = 0
    for name, fig in _every_chart(tables):
        chartfiles._fix_layout(fig)  # the layout save computes, at the PNG's resolution
        renderer = fig.canvas.get_renderer()
        for ax in (a for a in fig.axes if a.get_visible()):
            assert ax.get_ylabel() == "", f"{name}: a sideways y label {ax.get_ylabel()!r}"
            unit = charts.axis_unit_text(ax)
            titles = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
            if unit is None:
                continue
            units_seen += 1
            u, box = unit.get_text(), unit.get_window_extent(renderer)
            assert unit.get_rotation() == 0
            for title in titles:
                assert u != title.get_text() and f"（{u}）" not in title.get_text() \
                    and f"({u})" not in title.get_text(), f"{name}: unit {u!r} twice: {title.get_text()!r}"
                assert not _overlap(box, title.get_window_extent(renderer)), f"{name}: {u!r} on the title"
            for tick in ax.get_yticklabels() + ax.get_xticklabels():
                assert not _overlap(box, tick.get_window_extent(renderer)), f"{name}: {u!r} on tick {tick}"
        plt.close(fig)
    assert units_seen >= 20  # industry and income panels carry their units this way


def test_the_warm_up_leaves_no_setting_figure_or_font_file_behind():
    """``warmup.warm`` (run by the kernel server before forking kernels) draws in memory and
    leaves matplotlib as it found it: the same settings, no open figure, no font open."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from lingyuan.analysis import warmup

    before = dict(matplotlib.rcParams)
    figures = plt.get_fignums()
    warmup.warm()
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == figures
    assert font_manager._get_font.cache_info().currsize == 0
