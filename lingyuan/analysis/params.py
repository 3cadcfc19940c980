"""Checking notebook parameters in the first cell, so a bad value stops a notebook
at once with a message that lists the valid values (papermill itself only warns).
"""
from __future__ import annotations

import difflib
import os
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from lingyuan import LANGS  # noqa: F401  (the languages, defined once)
from lingyuan import resolve_path as _resolve

#: the output mimetype of a chart's inline SVGs for the reports site (lingyuan.analysis.
#: chartfiles writes it, the site's page template shows it in place of the PNG); here,
#: in a module without matplotlib, so the runner can name it cheaply
CHART_MIME = "application/vnd.lingyuan.chart+html"

FORMATS = ("png", "svg", "pdf")


class ParameterError(ValueError):
    """A notebook parameter outside its valid values."""


def check_choice(name: str, value, valid: Iterable) -> None:
    """Raise ParameterError unless *value* is one of *valid*, listing the valid values."""
    valid = list(valid)
    if value not in valid:
        shown = ", ".join(map(str, valid))
        raise ParameterError(f"{name}={value!r} is not valid; valid values: {shown}")


def check_lang(lang: str) -> str:
    """The language of the run, zh or en."""
    check_choice("lang", lang, LANGS)
    return lang


def check_formats(formats) -> list[str]:
    """The figure formats as a list; accepts a list or a comma-separated string. Anything
    else (``-p formats 5`` gives the number 5) is a ParameterError listing the valid values."""
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    elif not isinstance(formats, (list, tuple)):
        raise ParameterError(f"formats={formats!r} is not valid: give a list such as [\"png\", \"svg\"] "
                             f"or a comma-separated string; valid values: {', '.join(FORMATS)}")
    formats = list(formats)
    if not formats:
        raise ParameterError(f"formats is empty; valid values: {', '.join(FORMATS)}")
    for fmt in formats:
        check_choice("formats", fmt, FORMATS)
    return list(dict.fromkeys(formats))  # each format once: at most the three valid ones


def check_path(name: str, value) -> str:
    """A folder parameter must be text (a path); ParameterError otherwise."""
    if not isinstance(value, (str, os.PathLike)) or not str(value):
        raise ParameterError(f"{name}={value!r} is not valid: give a folder path as text, relative to the "
                             "project root or absolute")
    return value


def check_all(*, lang, formats, **paths) -> list[str]:
    """Check a notebook's common parameters at once; return the formats as a list."""
    check_lang(lang)
    for name, value in paths.items():
        check_path(name, value)
    return check_formats(formats)


def resolve_path(path: str | os.PathLike) -> Path:
    """A path parameter checked (a wrong type lists what is expected), then made absolute
    from the project root (:func:`lingyuan.resolve_path`)."""
    return _resolve(check_path("path", path))


def check_output_dir(output_dir, raw_dir) -> tuple[Path, Path]:
    """The raw and output folders of the dataset build, made absolute; a ParameterError when
    the output folder is the raw folder, lies inside it, or holds a raw transcription (a
    ``figures.csv`` with the hand-made columns): writing there would replace the hand-made
    files."""
    from lingyuan.dataset import schema

    raw, out = resolve_path(check_path("raw_dir", raw_dir)), resolve_path(check_path("output_dir", output_dir))
    why = None
    if out.resolve() == raw.resolve():
        why = "it is raw_dir, the hand-made transcription"
    elif out.resolve().is_relative_to(raw.resolve()):
        why = f"it is inside raw_dir={raw_dir!r}, the hand-made transcription"
    else:
        header = ",".join(schema.FIGURES_RAW.columns)
        try:
            with open(out / schema.FIGURES_RAW.path, encoding="utf-8-sig") as f:
                if f.readline().strip() == header:
                    why = "it holds a raw transcription (its figures.csv has the hand-made columns)"
        except (OSError, ValueError):
            pass
    if why:
        raise ParameterError(f"output_dir={output_dir!r} is not valid: {why}, which the tables "
                             f"written there would replace; give another folder, such as data/processed")
    return raw, out


# --- named choices (a village, a township): by id or by name, with a suggestion ------------

def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _strip_cun(name: str) -> str:
    """A Chinese place name without its 村 (village) suffix: 北房身村 -> 北房身."""
    return name[:-1] if name.endswith("村") and len(name) > 1 else name


def nearest(value: str, choices: Sequence[tuple[str, str, str]]) -> tuple[str, str] | None:
    """The choice (id, name_zh, name_en) a mistyped *value* most likely meant, as (its id, how
    to show it), or None when nothing is close.

    Chinese input is compared with the Chinese names: a name that contains the input or is
    contained in it (北房身 -> 北房身村), one that differs only by the 村 suffix, then the
    closest by difflib; it is shown by its Chinese name. Other input is compared, case
    folded, with the ids and the English names: one that contains the input (beilu ->
    beilu-village), then the closest by difflib; it is shown as "English name (id)".
    """
    value = unicodedata.normalize("NFKC", value).strip()  # full-width ｂｅｉｌｕ is beilu
    if not value:
        return None
    if _has_cjk(value):
        by_zh = {zh: cid for cid, zh, _ in choices if zh}
        bare = _strip_cun(value)
        hits = [zh for zh in by_zh if value in zh or zh in value or _strip_cun(zh) == bare]
        hits = hits or difflib.get_close_matches(value, list(by_zh), n=1, cutoff=0.6)
        # several names containing the input: the shortest is the closest
        return (by_zh[min(hits, key=len)], min(hits, key=len)) if hits else None
    spellings: dict[str, str] = {}
    for cid, _, en in choices:
        spellings.setdefault(cid.casefold(), cid)
        if en:
            spellings.setdefault(en.casefold(), cid)
    key = value.casefold()
    hits = [s for s in spellings if len(key) >= 3 and key in s]  # beilu -> beilu-village
    hits = hits or difflib.get_close_matches(key, list(spellings), n=1, cutoff=0.6)
    if not hits:
        return None
    cid = spellings[min(hits, key=len)]
    en = next((e for c, _, e in choices if c == cid), "")
    return cid, (f"{en} ({cid})" if en and en.casefold() != cid.casefold() else cid)


def resolve_choice(name: str, value, choices: Sequence[tuple[str, str, str]], *,
                   special: Sequence[str] = ()) -> str:
    """The id of *value*, given as an id, a Chinese name or an English name (any case) of one
    of *choices* (id, name_zh, name_en), or one of the *special* values ("all").

    Anything else is a ParameterError that suggests the nearest valid choice ("did you mean
    北房身村?") and lists them all with their names."""
    if isinstance(value, str):
        key = value.strip()
        for s in special:
            if key.casefold() == s.casefold():
                return s
        for cid, zh, en in choices:
            if key.casefold() in (cid.casefold(), str(en).casefold()) or key == zh:
                return cid
    listed = [*special, *(f"{cid} ({zh}, {en})" for cid, zh, en in choices)]
    guess = nearest(value, [*((s, "", s) for s in special), *choices]) if isinstance(value, str) else None
    hint = f"did you mean {guess[1]}? " if guess else ""
    raise ParameterError(f"{name}={value!r} is not valid; {hint}valid values: {', '.join(listed)} "
                         "(give the id, or the Chinese or English name)")
