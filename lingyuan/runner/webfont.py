"""The Chinese font a page of the reports site carries.

A machine without a Chinese font shows boxes for every Chinese character a page does
not bring along, and Chromium refuses fonts loaded from file:// URLs. So every page
holding Chinese text embeds, as a data: URL, a WOFF2 subset of Noto Sans CJK SC (the
OTF shipped by the mplfonts wheel, lingyuan.fonts.font_path()) with just the
CJK glyphs the page uses: fontTools, ~0.3 s plus ~2 ms a glyph, cached on disk by the
set of glyphs, so a rebuild whose text did not change subsets nothing.
"""
from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import html
import io
import re
import threading
from pathlib import Path

from lingyuan import PROJECT_ROOT
from lingyuan.fonts import font_path
from lingyuan.io import write_bytes
from lingyuan.runner.basics import phase

FONT_FAMILY = "Lingyuan CJK"
FONT_CACHE = PROJECT_ROOT / ".cache" / "fonts"
# the templates leave this in <head>; with_font puts the @font-face there
FONT_MARK = "<!-- embedded font -->"


def page_text(page: str) -> str:
    """The text a browser draws for *page*: no styles, scripts, tags or data URLs."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]*>", " ", page)
    return html.unescape(page)


def cjk_chars(text: str) -> str:
    """The characters of *text* the embedded font is for: CJK ideographs, kana, CJK
    punctuation and full-width forms, plus the curly quotes and dashes Chinese prose
    uses. Empty when the text has no CJK character at all."""
    chars = {c for c in text if ord(c) >= 0x2E80 and not 0xD800 <= ord(c) <= 0xDFFF}
    if not chars:
        return ""
    chars |= {c for c in text if c in "‘’“”—…·"}
    return "".join(sorted(chars))


_CHART_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")
_ZH_PAGE = re.compile(r"<html\b[^>]*\blang=\"zh", re.I)


def font_chars(page: str) -> str:
    """The characters the embedded font of *page* (HTML) holds: the CJK ones
    (``cjk_chars``), every character of its charts' text (inline SVG ``<text>``: drawn in
    this font, so the browser lays them out with the widths matplotlib measured), and on a
    Chinese page, whose text is set in this font first, every other letter and digit of
    the page too (one font for all its Latin, not a mix). Empty when none is needed."""
    text = page_text(page)
    chars = set(cjk_chars(text))
    chart = "".join(html.unescape(t) for t in _CHART_TEXT.findall(page))
    chars |= {c for c in chart if not c.isspace()}
    if chars and _ZH_PAGE.search(page):
        chars |= {c for c in text if c.isascii() and c.isprintable() and not c.isspace()}
    return "".join(sorted(chars))


#: how ``_cut`` cuts a subset, part of each kept subset's key: a subset kept by an earlier
#: way of cutting is not used (the same glyphs give the same bytes on every machine)
CUT = "woff2; no hinting; desubroutinized; names 1, 2; the font's own time stamp and bounding boxes"


def font_subset(chars: str, cache_dir: Path | None = None) -> bytes:
    """WOFF2 bytes of Noto Sans CJK SC reduced to *chars*; cached on disk by the set.

    Cutting a subset takes 0.5-1 s; processes sharing a cache (two builds of one project,
    the builds of a test session) cut each set once: the first holds a lock on it
    (``<key>.lock`` beside the file) while the others wait, then read the file."""
    font = font_path()
    stat = font.stat()
    key = hashlib.sha256(f"{font.name}:{stat.st_size}:{CUT}:{chars}".encode()).hexdigest()[:24]
    cache = Path(cache_dir or FONT_CACHE) / f"{key}.woff2"
    try:
        return cache.read_bytes()
    except OSError:
        pass
    with _locked(cache.with_suffix(".lock")):
        try:
            return cache.read_bytes()  # cut meanwhile by the process that held the lock
        except OSError:
            pass
        data = _cut(font, chars)
        try:
            write_bytes(cache, data)
        except OSError:
            pass  # a read-only cache only costs time
    return data


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on *path* (made if missing) while the block runs; none when the
    folder cannot hold it (a read-only cache: each process then cuts its own)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _cut(font: Path, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [1, 2]  # family and style only
    # the source font's own time stamp, not the time of cutting: the same glyphs give the
    # same bytes; its bounding boxes kept too (those of the whole font hold every glyph of
    # the subset; computing the subset's own was a fifth of the cutting time)
    tt = TTFont(str(font), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(tt)
    buffer = io.BytesIO()
    tt.flavor = "woff2"
    tt.save(buffer)
    return buffer.getvalue()


_recent_sets: dict[str, str] = {}  # run name -> glyphs of its last page (full, then reader)
_recent_lock = threading.Lock()


def _shared_set(chars: str, name: str | None) -> str:
    """The glyphs of the other version of the same run when they cover *chars* with
    few extra: the reader and full pages then share one subset (one ~0.5-2 s
    subsetting per run instead of two, on a cold cache)."""
    if not name or not chars:
        return chars
    with _recent_lock:
        known = _recent_sets.get(name, "")
        if set(chars) <= set(known) and len(known) <= 1.15 * len(chars) + 8:
            return known
        _recent_sets[name] = chars
    return chars


def font_face_css(text: str, cache_dir: Path | None = None, name: str | None = None,
                  chars: str | None = None) -> str:
    """A <style> with the @font-face of the glyphs *text* needs (or of *chars*, when given),
    or "" when it needs none."""
    chars = _shared_set(cjk_chars(text) if chars is None else chars, name)
    if not chars:
        return ""
    data = base64.b64encode(font_subset(chars, cache_dir)).decode("ascii")
    return ("<style>@font-face { font-family: \"%s\"; font-display: block; "
            "src: url(data:font/woff2;base64,%s) format(\"woff2\"); }</style>" % (FONT_FAMILY, data))


def with_font(page: str, cache_dir: Path | None = None, name: str | None = None) -> str:
    """*page* with its font put in place of the mark the templates leave in <head>."""
    with phase("font subsets"):
        return page.replace(FONT_MARK, font_face_css("", cache_dir, name, chars=font_chars(page)), 1)
