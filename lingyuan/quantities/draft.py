"""A draft transcription of a new report: ``python -m lingyuan extract REPORT.txt --draft OUT_DIR``.

Writes a complete raw folder (the data/raw format of :mod:`lingyuan.dataset.schema`):
``figures.csv`` with one row per quantity the extractor finds (section, paragraph,
evidence, as_reported, unit_reported, qualifier, and a guessed kind and period; entity
and indicator ids left empty for a person to fill), ``sources.csv`` with the text's
SHA-256 and size, and ``entities.csv`` / ``indicators.csv`` with their headers only.
Quantities a transcription cannot hold yet (a unit outside the vocabulary, a number the
parser does not read back: 三分之一, 三五) go to ``not_drafted.csv`` beside them, in the
same columns, so nothing found is lost. Then ``python -m lingyuan validate OUT_DIR``
names what is left to fill in.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import datetime as _dt
import hashlib
import io
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lingyuan import io as atomic
from lingyuan.quantities.finder import Quantity, compact
from lingyuan.quantities.numerals import format_decimal
from lingyuan.quantities.patterns import CLAUSE_END
from lingyuan.quantities.reading import InputError, TextStream, text_pieces
from lingyuan.quantities.values import normalise
from lingyuan.quantities.words import KIND_WORDS, NOT_KIND_WORDS

FIGURE_COLUMNS = ("figure_id", "source_id", "section", "paragraph", "evidence", "as_reported", "unit_reported",
                  "qualifier", "kind", "period", "entity_id", "indicator_id", "note")
SOURCE_COLUMNS = ("source_id", "title_zh", "title_en", "publication_zh", "publication_en", "date_published",
                  "date_accessed", "reporter_zh", "reporter_en", "sections", "file_name", "sha256", "bytes",
                  "citation", "method_note")
ENTITY_COLUMNS = ("entity_id", "name_zh", "name_en", "level", "parent_id", "note")
INDICATOR_COLUMNS = ("indicator_id", "name_zh", "name_en", "topic", "unit", "description_en")
EVIDENCE_MAX = 30
_SENTENCE_END = "。！？!?"
_YEAR_RE = re.compile(r"((?:19|20)[0-9]{2})年(?:([0-9]{1,2})月)?")
_LATIN_RE = re.compile(r"[A-Za-z]")
_BYLINE_RE = re.compile(r"^(?:本报记者|记者|通讯员|——|—|图/|文/|摄影)|(?:摄|整理|供图)$")
_KIND_RE = re.compile("|".join(sorted((*KIND_WORDS, *NOT_KIND_WORDS), key=len, reverse=True)))
_CUMULATIVE_RE = re.compile("累计|共计|总计|以来|先后|已经|已")
_ANNUAL_RE = re.compile("每年|年均|年可|年增|年收入|年产|年发电|年出栏|年销售")


@dataclass
class Block:
    """A non-empty line of the text: where it starts, its text, and what it is."""

    start: int
    text: str
    section: str = ""
    paragraph: int = 0


def blocks(text: str) -> list[Block]:
    """The lines of *text* with their headline (section) and paragraph number.

    A headline is a short line (at most 40 characters) without sentence punctuation at
    its end, Latin letters (column heads such as 今日声音 SHENGYIN) or a byline's words;
    it is paragraph 0 of its section. Body lines count from 1; a line that continues a
    sentence cut by the layout (the previous one does not end a sentence) keeps the
    previous number; bylines and short captions are not counted."""
    out: list[Block] = []
    section, paragraph, open_sentence = "", 0, False
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = pos + (len(line) - len(line.lstrip()))
        pos += len(line) + 1
        if not stripped:
            continue
        short = len(stripped) <= 40
        if short and (_BYLINE_RE.search(stripped) or _LATIN_RE.search(stripped)):
            continue
        if short and stripped[-1] not in _SENTENCE_END + "，,；;：:…”\"）)" and not open_sentence:
            section, paragraph = stripped, 0
            out.append(Block(start, line.strip(), section, 0))
            continue
        if short and stripped[-1] in _SENTENCE_END and not open_sentence and out and out[-1].paragraph > 0 \
                and len(stripped) < 20:
            continue  # a caption under a photo
        if not open_sentence:
            paragraph += 1
        open_sentence = stripped[-1] not in _SENTENCE_END + "”\"』」"
        out.append(Block(start, line.strip(), section, paragraph))
    return out


#: The evidence of a row is unique in the text when the text is shorter than WHOLE_TEXT
#: characters (any report), else within UNIQUE_WITHIN characters either side of it: each
#: check reads a bounded stretch of text, so a draft takes time in proportion to the text.
WHOLE_TEXT = 64 * 1024
UNIQUE_WITHIN = 4096


class Work:
    """How many characters the uniqueness checks have read: a measure of the draft's work
    that does not depend on the machine's speed (the tests compare it across text sizes)."""

    chars = 0


def _unique(s: str, left: int, right: int) -> bool:
    """The snippet s[left:right] occurs once in *s* (or within UNIQUE_WITHIN of it)."""
    lo, hi = (0, len(s)) if len(s) <= WHOLE_TEXT else (max(0, left - UNIQUE_WITHIN),
                                                         min(len(s), right + UNIQUE_WITHIN))
    Work.chars += hi - lo
    return s.count(s[left:right], lo, hi) <= 1


def evidence_of(s: str, a: int, b: int, lo: int, hi: int, unit: str = "") -> str:
    """A snippet of compact text *s* around the quantity at [a, b), within [lo, hi) (its
    paragraph): the quantity with up to 8 characters of its clause before it (what it is
    about) and the unit when a counted noun stands for it (6万余贫困人口), grown a character
    at a time (left while the left side is not longer than the right) until it is unique
    (see :func:`_unique`); at most 30 characters (longer only if the quantity itself is).

    The snippets it would grow through are known beforehand and a longer one is unique when
    a shorter is, so the shortest unique one is found by bisection: a handful of checks per
    row, whatever the text repeats."""
    left = a
    while left > lo and a - left < 8 and s[left - 1] not in CLAUSE_END and s[left - 1] not in _SENTENCE_END:
        left -= 1
    right = b
    if unit and unit not in s[left:right]:
        found = s.find(unit, b, min(hi, a + EVIDENCE_MAX))
        right = found + len(unit) if found >= 0 else right
    path = [(left, right)]
    while right - left < EVIDENCE_MAX:
        if left > lo and (right >= hi or (a - left) <= (right - b)):
            left -= 1
        elif right < hi:
            right += 1
        else:
            break
        path.append((left, right))
    first, last = 0, len(path) - 1  # the first unique snippet of the path, or its last one
    while first < last:
        mid = (first + last) // 2
        if _unique(s, *path[mid]):
            last = mid
        else:
            first = mid + 1
    left, right = path[first]
    while right - left > EVIDENCE_MAX and left < a:
        left += 1
    return s[left:right]


def guess_kind(clause: str) -> str:
    """actual, target or forecast, from the last kind word of the clause before the number."""
    kind = "actual"
    for m in _KIND_RE.finditer(clause):
        kind = KIND_WORDS.get(m.group(), kind)
    return kind


def guess_period(clause: str, sentence: str, default: str) -> str:
    """The year (and month) printed in the clause, else cumulative / annual from its words,
    else the last year printed earlier in the sentence, else *default*."""
    years = list(_YEAR_RE.finditer(clause))
    if years:
        y, m = years[-1].groups()
        return f"{y}-{int(m):02d}" if m and 1 <= int(m) <= 12 else y
    if _ANNUAL_RE.search(clause):
        return "annual"
    if _CUMULATIVE_RE.search(sentence):
        return "cumulative"
    years = list(_YEAR_RE.finditer(sentence))
    return years[-1].group(1) if years else default


def _clause_bounds(s: str, at: int) -> tuple[int, int]:
    """Start of the clause and of the sentence holding position *at* of compact text *s*."""
    clause = sentence = 0
    for i in range(at - 1, max(-1, at - 200), -1):
        if not clause and s[i] in CLAUSE_END:
            clause = i + 1
        if s[i] in _SENTENCE_END:
            sentence = i + 1
            break
    return clause or sentence, sentence


@dataclass
class Draft:
    figures: list[dict[str, str]]
    not_drafted: list[dict[str, str]]
    source: dict[str, str]


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "source"


def _source_row(name: str, data: bytes, text: str, sections: list[str], accessed: str) -> dict[str, str]:
    years = Counter(m.group(1) for m in _YEAR_RE.finditer(text))  # the most printed year: the report's
    title = sections[0] if sections else "untitled"
    return {
        "source_id": _slug(Path(name).stem), "title_zh": title,
        "title_en": f"(draft) {Path(name).name}: translate the title",
        "publication_zh": "（待填写）", "publication_en": "(to fill in)",
        "date_published": max(sorted(years), key=years.get) if years else accessed[:4], "date_accessed": accessed,
        "reporter_zh": "", "reporter_en": "", "sections": " | ".join(sections),
        "file_name": Path(name).name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": str(len(data)),
        "citation": f"{title}, text file {Path(name).name} (draft: complete the citation)",
        "method_note": "Drafted by python -m lingyuan extract --draft from the text file; every row is to be "
                       "checked against the text by hand, and entity and indicator ids filled in.",
    }


def make_draft(name: str, data: bytes, text: str, accessed: str) -> Draft:
    """The draft of the text *text* (read from the bytes *data* of file *name*), in memory."""
    source, rows = draft_rows(name, data, text, accessed)
    figures, not_drafted = [], []
    for row, drafted in rows:
        (figures if drafted else not_drafted).append(row)
    return Draft(figures, not_drafted, source)


def draft_rows(name: str, data: bytes, text: str, accessed: str) -> tuple[dict[str, str], Iterator[tuple[dict, bool]]]:
    """The source row of the text, and its figure rows one at a time with whether each is
    drafted (``figures.csv``) or held back (``not_drafted.csv``): the quantities are read in
    pieces (:func:`lingyuan.quantities.stream.stream_quantities`), so only the text and one
    row at a time are held, whatever the length of the text."""
    lines = blocks(text)
    sections = list(dict.fromkeys(b.section for b in lines if b.section)) or ["untitled"]
    source = _source_row(name, data, text, sections, accessed)
    return source, _rows(text, lines, sections, source)


def _rows(text: str, lines: list[Block], sections: list[str], source: dict[str, str]):
    from lingyuan.quantities.stream import stream_quantities

    s, offsets = compact(text)
    starts = [b.start for b in lines]
    counters: dict[tuple[str, int], int] = {}
    extent: dict[int, tuple[int, int]] = {}  # block start -> its [lo, hi) in s, measured once
    numbered = {section: i + 1 for i, section in enumerate(sections)} if len(sections) > 1 else {}

    def at(offset: int) -> int:  # offsets is sorted: where the character at *offset* is in s
        return bisect.bisect_left(offsets, offset)

    for q in stream_quantities(text_pieces(text)):
        block = lines[max(0, bisect.bisect_right(starts, q.start) - 1)]
        a, b = at(q.start), at(q.end - 1) + 1
        if block.start not in extent:
            lo = at(block.start)
            extent[block.start] = (lo, lo + len(block.text) - sum(map(str.isspace, block.text)))
        lo, hi = extent[block.start]
        key = (block.section, block.paragraph)
        counters[key] = n = counters.get(key, 0) + 1
        row = _figure_row(block, s, (a, b, lo, hi), q, n, source)
        if numbered:
            # p<paragraph>-<n> restarts in each section: s<k>- names the section (k: its place in
            # the source's sections)
            row["figure_id"] = f"s{numbered[block.section or sections[0]]}-{row['figure_id']}"
        try:
            normalise(row["as_reported"], row["unit_reported"])
            yield row, bool(q.unit)
        except ValueError as e:
            row["note"] = f"not drafted: {e}"
            yield row, False


def _figure_row(block: Block, s: str, place: tuple[int, int, int, int], q: Quantity, n: int,
                source: dict[str, str]) -> dict[str, str]:
    a, b, lo, hi = place
    clause, sentence = _clause_bounds(s, a)
    clause, sentence = max(clause, lo), max(sentence, lo)
    return {
        "figure_id": f"p{block.paragraph}-{n}", "source_id": source["source_id"],
        "section": block.section or source["sections"].split(" | ")[0], "paragraph": str(block.paragraph),
        "evidence": evidence_of(s, a, b, lo, hi, q.unit_reported), "as_reported": q.as_reported,
        "unit_reported": q.unit_reported, "qualifier": q.qualifier, "value_high": _plain(q.value_high),
        "kind": guess_kind(s[sentence:a]),
        "period": guess_period(s[clause:a], s[sentence:a], source["date_published"][:4]),
        "entity_id": "", "indicator_id": "",
        "note": "" if q.value_high is None else f"a range: value_high {_plain(q.value_high)} (the upper end)",
    }


def _plain(value) -> str:
    return "" if value is None else format_decimal(value)


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def draft_command(args: argparse.Namespace) -> int:
    """Write the draft of ``args.file`` into ``args.draft``; exit 0, or 2 when the text cannot be
    read, the folder cannot be written, or it holds files already and ``--force`` is not given
    (a draft never writes over a transcription)."""
    out = Path(args.draft)
    if out.exists() and not getattr(args, "force", False):
        if not out.is_dir():
            raise InputError(f"{out}: is a file, not a folder; give a new folder for the draft")
        if any(out.iterdir()):
            raise InputError(f"{out}: the folder holds files already (a transcription?) and a draft never writes "
                             "over them; give a new or empty folder, or add --force to replace them")
    stream = TextStream(args.file)
    text = "".join(stream.chunks())
    if stream.encoding not in ("utf-8", "utf-8-sig"):
        print(f"{args.file}: not UTF-8, read as {stream.encoding_name}", file=sys.stderr)
    data = Path(args.file).read_bytes() if args.file != "-" else text.encode("utf-8")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    accessed = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date() if epoch and epoch.isdigit()
                else _dt.date.today()).isoformat()
    source, rows = draft_rows(args.file if args.file != "-" else "stdin.txt", data, text, accessed)
    counts = [0, 0]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with atomic.atomic_path(out / "figures.csv") as fig_tmp, \
                atomic.atomic_path(out / "not_drafted.csv") as held_tmp, \
                fig_tmp.open("w", encoding="utf-8", newline="") as fig, \
                held_tmp.open("w", encoding="utf-8", newline="") as held:
            writers = [csv.DictWriter(held, fieldnames=(*FIGURE_COLUMNS, "value_high"), lineterminator="\n",
                                      extrasaction="ignore"),
                       csv.DictWriter(fig, fieldnames=FIGURE_COLUMNS, lineterminator="\n", extrasaction="ignore")]
            for w in writers:
                w.writeheader()
            for row, drafted in rows:
                writers[drafted].writerow(row)
                counts[drafted] += 1
        atomic.write_text(out / "sources.csv", _csv(SOURCE_COLUMNS, [source]))
        atomic.write_text(out / "entities.csv", _csv(ENTITY_COLUMNS, []))
        atomic.write_text(out / "indicators.csv", _csv(INDICATOR_COLUMNS, []))
    except OSError as e:
        raise InputError(f"{out}: cannot write the draft: {e.strerror or e}") from None
    print(f"{out}: {counts[1]} figures drafted, {counts[0]} quantities outside the "
          f"vocabulary in not_drafted.csv; fill in entity_id and indicator_id (entities.csv, indicators.csv), "
          f"check every row, then: python -m lingyuan validate {out}")
    return 0
