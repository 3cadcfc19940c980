"""Markup in the data (issue: names ran as HTML in the reader's browser). A name, title,
headline, evidence or note is text: the phrases that become Markdown show it as written,
and ``validate`` warns about text that looks like markup (exit code unchanged). The
browser side — hostile names rendered in real pages, nothing run — is
tests/test_browser_site.py."""
from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest

from lingyuan import DATA_RAW
from lingyuan.analysis import words

HOSTILE = ['Beifangshen<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
           "[click me](javascript:alert(2))", '<meta http-equiv="refresh" content="0;url=x">', "*x*", "</style>",
           "a & b `code` $x$ ~~y~~ _z_", "line\n# heading"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_name_in_a_markdown_phrase_renders_as_the_text_it_is(name):
    import mistune  # nbconvert's Markdown renderer

    for lang in ("zh", "en"):
        markdown = words.say_md("profile.no_bodies", lang, village=name).data
        rendered = mistune.html(markdown)
        assert not re.search(r"<(?!/?p>)[a-z/]", rendered), rendered  # no tag but the paragraph
        assert " ".join(name.split()) in html.unescape(re.sub(r"</?p>", "", rendered)), rendered


def run_validate(raw_dir):
    return subprocess.run([sys.executable, "-m", "lingyuan", "validate", str(raw_dir)], capture_output=True,
                          text=True, encoding="utf-8")


def test_the_projects_data_has_no_markup_warning():
    out = run_validate(DATA_RAW)
    assert out.returncode == 0 and "warning" not in out.stdout, out.stdout


def test_validate_warns_on_markup_and_still_exits_0(mini_tables, write_raw):
    mini_tables["entities"][0]["name_en"] = HOSTILE[0]
    mini_tables["figures"][0]["note"] = "[click me](javascript:alert(2))"
    out = run_validate(write_raw(mini_tables))
    lines = out.stdout.splitlines()
    assert out.returncode == 0, out.stdout
    assert any(ln.endswith(".csv:2: name_en: warning: " + repr(HOSTILE[0][:60]) +
                           " looks like markup (HTML or Markdown); reports show it as plain text: check it is meant")
               for ln in lines), lines
    assert any("figures.csv:2: note: warning:" in ln for ln in lines), lines
    assert lines[-1].endswith("no problems, 2 warnings"), lines


def test_a_name_with_dollars_is_text_in_a_chart():
    import io

    import matplotlib.pyplot as plt

    from lingyuan.analysis import charts

    charts.setup("en")
    fig, ax = plt.subplots()
    ax.set_title("Beifangshen $x^2$ <iframe>")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    assert "Beifangshen $x^2$ &lt;iframe&gt;" in buffer.getvalue()
