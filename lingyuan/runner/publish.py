"""The reports site: what readers get in reports/ besides the report pages
(:mod:`lingyuan.runner.pages`).

- ``write_site(reports_dir, entries, root=...)``: the front pages ``index.html`` (zh)
  and ``index.en.html``, ``build.html`` (status, parameters, input hashes, build
  times, page weights: for maintainers), chart previews under ``img/`` and a copy of
  the data package under ``data/``. What it needs from a run (topic, finding,
  preview) is read from the executed notebook once and kept in a small cache keyed
  by the notebook file's size and time, so the no-op path reads no notebook.
- ``index_html(entries)``: the front page from the entries alone.

Every page carries its Chinese font (``lingyuan.runner.webfont``). fontTools is
imported only when a subset must be made: the no-op path of ``python -m lingyuan
run`` renders three small templates and reads cached fonts.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

from lingyuan import LANGS
from lingyuan.io import write_bytes, write_text_if_changed
from lingyuan.runner import datapage
from lingyuan.runner.results import BUILD_FILE
from lingyuan.runner.pages import INDEX_FILES, TEMPLATES, fitted_png, render_site_page, summarize, words

INDEX_TITLE = "Lingyuan figures — build"
PREVIEW_WIDTH = 720
# bump when what the site cache holds changes meaning
SITE_CACHE_VERSION = 1


# ---------------------------------------------------------------------------
# The site: front pages, build page, previews, the data package
# ---------------------------------------------------------------------------

ENTITY_PARAMS = ("village",)  # parameters naming the entity a run profiles


def _human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _load_site_cache(path: Path) -> dict:
    try:
        cache = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if not isinstance(cache, dict) or cache.get("version") != SITE_CACHE_VERSION:
        cache = {"version": SITE_CACHE_VERSION}
    cache.setdefault("runs", {})
    return cache


def _run_info(reports: Path, entry: dict, cached: dict | None) -> dict | None:
    """The site's summary of one run (from its executed notebook, or the cache when
    the notebook did not change); writes the run's chart preview under img/."""
    ipynb = (entry.get("links") or {}).get("ipynb")
    path = reports / ipynb if ipynb else None
    stamp = _stamp(path) if path else None
    if stamp is None:
        return None
    if cached and cached.get("stamp") == stamp:
        return cached
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lang = (entry.get("parameters") or {}).get("lang")
    summary = summarize(nb, lang if lang in LANGS else None)
    info = {k: summary[k] for k in ("lang", "topic", "finding", "alt")}
    info["stamp"], info["preview"] = stamp, None
    if summary["chart"] and not any(k in (entry.get("parameters") or {}) for k in ENTITY_PARAMS):
        target = reports / "img" / f"{entry['name']}.png"
        # the preview is made of the chart alone: a run that drew the same chart again keeps it
        made_of = hashlib.sha256(f"{PREVIEW_WIDTH}:{summary['chart']}".encode("ascii")).hexdigest()
        if cached and cached.get("preview_of") == made_of and cached.get("preview_stamp") == _stamp(target) \
                and cached.get("preview"):
            info.update(preview=cached["preview"], preview_of=made_of, preview_stamp=cached["preview_stamp"])
            return info
        from PIL import Image

        small = fitted_png(base64.b64decode(summary["chart"]), (PREVIEW_WIDTH, PREVIEW_WIDTH))
        if small:
            write_bytes(target, small)
            with Image.open(io.BytesIO(small)) as image:
                info["preview"] = list(image.size)
            info["preview_of"], info["preview_stamp"] = made_of, _stamp(target)
    return info


def _places(data_dir: Path, ids: list[str], cache: dict) -> dict[str, dict[str, str]]:
    """Names of the profiled entities and of their township, zh and en, through
    lingyuan.dataset.load (read again only when entities.csv changed)."""
    stamp = _stamp(data_dir / "entities.csv")
    known = cache.get("places") or {}
    # the same entities.csv, asked for the same ids (some may be unknown to it): nothing to read
    if known.get("stamp") == stamp and (known.get("ids") == ids or all(i in known.get("names", {}) for i in ids)):
        return known["names"]
    names: dict[str, dict[str, str]] = {}
    try:
        from lingyuan.dataset.load import load

        tables = load(data_dir)
        for eid in ids:
            try:
                town = tables.township_of(eid)
                names[eid] = {lang: tables.name(eid, lang) for lang in LANGS}
                names[eid].update({f"township_{lang}": tables.name(town, lang) if town else ""
                                   for lang in LANGS})
            except KeyError:
                continue
    except Exception:  # no usable data package: the site shows the ids
        names = {}
    cache["places"] = {"stamp": stamp, "names": names, "ids": ids}
    return names


def _source(data_dir: Path) -> dict[str, dict[str, str]]:
    """The document the figures come from (sources.csv), zh and en."""
    from lingyuan.analysis.workbook import source_row

    row = source_row(data_dir)
    if not row:
        return {}
    return {lang: {"title": row.get(f"title_{lang}", ""), "publication": row.get(f"publication_{lang}", ""),
                   "date": row.get("date_published", "")} for lang in LANGS}


def copy_data_package(data_dir: Path, reports: Path) -> list[dict[str, Any]]:
    """Copy the data package (datapackage.json and its files) under reports/data/, so
    the folder travels with its data; only files that changed are copied."""
    package = data_dir / "datapackage.json"
    try:
        meta = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = [("datapackage.json", meta.get("title", ""))]
    files += [(r["path"], r.get("title", "")) for r in meta.get("resources", [])
              if isinstance(r.get("path"), str) and "/" not in r["path"]]
    out = []
    for name, title in files:
        src, dst = data_dir / name, reports / "data" / name
        if not src.is_file():
            continue
        if _stamp(dst) is None or dst.stat().st_size != src.stat().st_size or \
                dst.stat().st_mtime_ns < src.stat().st_mtime_ns:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
        out.append({"name": name, "href": f"data/{name}", "title": title,
                    "size": _human_size(src.stat().st_size)})
    return out


def _entry_links(e: dict) -> dict[str, str]:
    links = e.get("links") or {}
    return {"reader": links.get("reader"), "full": links.get("html"), "ipynb": links.get("ipynb")}


def front_page_context(entries: list[dict], lang: str, infos: dict, places: dict) -> dict:
    """The topics and villages of the *lang* front page."""
    topics, villages, seen = [], [], set()
    for e in entries:
        params = e.get("parameters") or {}
        run_lang = params.get("lang")
        if run_lang in LANGS and run_lang != lang:
            continue
        info = infos.get(e["name"]) or {}
        links = _entry_links(e)
        entity = next((params[k] for k in ENTITY_PARAMS if k in params), None)
        if entity is not None:
            place = places.get(str(entity), {})
            other = words()[lang]["other_lang"]
            villages.append({"id": entity, "name": place.get(lang) or str(entity),
                             "other_name": place.get(other, ""), "township": place.get(f"township_{lang}", ""),
                             "reader": links["reader"]})
            continue
        notebook = Path(e.get("notebook") or e["name"]).stem
        if notebook in seen:
            continue
        seen.add(notebook)
        preview = info.get("preview")
        named = words()[lang].get("notebook_topics", {}).get(notebook) if run_lang not in LANGS else None
        topics.append({"notebook": notebook, "topic": named or info.get("topic") or notebook,
                       "finding": named or info.get("finding") or info.get("topic") or notebook,
                       "alt": info.get("alt"), "reader": links["reader"], "full": links["full"],
                       "preview": f"img/{e['name']}.png" if preview else None, "preview_size": preview})
    # villages of one township together, townships in the order they first appear
    order = {t: i for i, t in reversed(list(enumerate(v["township"] for v in villages)))}
    villages.sort(key=lambda v: order[v["township"]])
    return {"topics": topics, "villages": villages}


def index_html(entries: list[dict[str, Any]], *, lang: str = "zh", infos: dict | None = None,
               places: dict | None = None, source: dict | None = None, files: list | None = None,
               data_page: bool = False, font_cache: Path | None = None) -> str:
    """The front page of *lang* (reports/index.html for zh, index.en.html for en).

    *entries* are the runner's (name, notebook, parameters, links ...); *infos* the
    run summaries of :func:`write_site` (topic, finding, preview); *places* the names
    of profiled villages; *source* and *files* the "about the data" block. Without
    them the page still lists every topic and village by its run.
    """
    w = words()[lang]
    page = {"title": w["site_name"], "kind": "front", "home": INDEX_FILES[lang], "back": False,
            "switch": INDEX_FILES[w["other_lang"]]}
    context = front_page_context(entries, lang, infos or {}, places or {})
    data = {"page": datapage.data_href(lang), "workbook": datapage.WORKBOOK} if data_page else None
    return render_site_page("site/index.html.j2", font_cache, page=page, w=w, source=(source or {}).get(lang),
                   files=files or [], data=data, **context)


def build_html(entries: list[dict[str, Any]], reports: Path | None = None,
               font_cache: Path | None = None) -> str:
    """reports/build.html: every run with status, parameters, build time, input hash and
    the weight of its pages, for whoever maintains the build."""
    w = words()["en"]
    rows, sets, counts = [], {}, {}
    for e in entries:
        status = e.get("status") or "not built"
        counts[status] = counts.get(status, 0) + 1
        links = []
        for kind, label in (("reader", "reader"), ("html", "full"), ("ipynb", "notebook (.ipynb)")):
            href = (e.get("links") or {}).get(kind)
            if href:
                size = _stamp(reports / href) if reports else None
                links.append({"href": href, "label": label, "download": kind == "ipynb",
                              "size": _human_size(size[1]) if size else ""})
        if e.get("inputs_hash"):
            sets.setdefault(e["inputs_hash"][:12], e.get("inputs") or [])
        params = [(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                  for k, v in (e.get("parameters") or {}).items()]
        rows.append({"name": e["name"], "notebook": e.get("notebook", ""), "status": status,
                     "error": e.get("error"), "parameters": params, "links": links,
                     "stale": status in ("failed", "skipped", "interrupted") and bool(links),
                     "built": (e.get("built_at") or "").replace("T", " ").replace("+00:00", ""),
                     "inputs_hash": e.get("inputs_hash")})
    page = {"title": INDEX_TITLE, "kind": "build", "home": INDEX_FILES["en"], "back": True, "switch": None}
    return render_site_page("site/build.html.j2", font_cache, page=page, w=w, entries=rows,
                   counts=", ".join(f"{n} {s}" for s, n in counts.items()),
                   input_sets=[{"hash": h, "files": f} for h, f in sets.items()])


def _data_dir(entries: list[dict], root: Path) -> Path:
    for e in entries:
        params = e.get("parameters") or {}
        for key in ("output_dir", "data_dir"):
            if isinstance(params.get(key), str):
                path = Path(params[key])
                return path if path.is_absolute() else root / path
    return root / "data" / "processed"


def site_files(reports_dir: str | os.PathLike, entries: list[dict[str, Any]], *,
               root: str | os.PathLike, cache_dir: str | os.PathLike) -> list[Path]:
    """The folders and files whose stat decides what ``write_site`` writes: the reports
    folder (the runs' pages and the site's), its img/ and data/, the data package it
    copies, the cached fonts and the site cache. A folder's stat changes when a file is
    added to it or removed, so these stats unchanged mean the site is as it was."""
    reports, cache_dir = Path(reports_dir), Path(cache_dir)
    folders = [reports, reports / "img", reports / "data", _data_dir(entries, Path(root)), cache_dir / "fonts"]
    found = [*folders, cache_dir / "site.json"]
    for folder in folders:
        for top, subdirs, files in os.walk(folder):
            subdirs.sort()
            found += [Path(top, d) for d in subdirs] + [Path(top, f) for f in sorted(files)]
            if Path(top) == reports:
                subdirs[:] = [d for d in subdirs if d in ("img", "data")]
    return list(dict.fromkeys(found))


def write_site(reports_dir: str | os.PathLike, entries: list[dict[str, Any]], *,
               root: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None) -> list[Path]:
    """Write the site's own pages into *reports_dir*: index.html (zh), index.en.html,
    build.html, img/ (chart previews) and data/ (the data package). Report pages are
    written by the runner (render_html) when their run runs. Files whose content did
    not change are left alone. Returns the pages written or kept."""
    reports = Path(reports_dir)
    root = Path(root) if root else reports.parent
    cache_dir = Path(cache_dir) if cache_dir else root / ".cache"
    cache_path = cache_dir / "site.json"
    fonts = cache_dir / "fonts"
    cache = _load_site_cache(cache_path)
    infos = {}
    for e in entries:
        info = _run_info(reports, e, cache["runs"].get(e["name"]))
        if info:
            infos[e["name"]] = info
    cache["runs"] = infos
    data_dir = _data_dir(entries, root)
    ids = [str(p[k]) for e in entries for p in [e.get("parameters") or {}] for k in ENTITY_PARAMS if k in p]
    places = _places(data_dir, sorted(set(ids)), cache) if ids else {}
    files = copy_data_package(data_dir, reports)
    source = _source(data_dir)
    data_pages = datapage.write_data_pages(reports, data_dir, cache, source=source, font_cache=fonts)
    targets = [reports / name for name in (*INDEX_FILES.values(), BUILD_FILE)]
    # what the three pages are made of: when none of it changed they are not rendered
    state = hashlib.sha256(json.dumps(
        [entries, infos, places, source, files, bool(data_pages), [_stamp(p) for p in sorted(TEMPLATES.rglob("*.*"))],
         [_stamp(reports / h) for e in entries for h in (e.get("links") or {}).values()]],
        sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    if cache.get("pages") != state or not all(p.is_file() for p in targets):
        pages = {INDEX_FILES[lang]: index_html(entries, lang=lang, infos=infos, places=places, source=source,
                                               files=files, data_page=bool(data_pages), font_cache=fonts)
                 for lang in LANGS}
        pages[BUILD_FILE] = build_html(entries, reports, font_cache=fonts)
        for name, text in pages.items():
            write_text_if_changed(reports / name, text)
        cache["pages"] = state
    write_text_if_changed(cache_path, json.dumps(cache, ensure_ascii=False, sort_keys=True) + "\n")
    return targets + data_pages
