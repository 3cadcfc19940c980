"""Building ``data/processed``: the build is five public steps, called in this order by
:func:`build` (scripts, tests) and one per cell by ``notebooks/00_tidy_dataset.ipynb``:

1. :func:`~lingyuan.dataset.raw.read_raw` — the raw CSVs as strings;
2. :func:`~lingyuan.dataset.validate.check_raw` — stop with every problem listed;
3. :func:`~lingyuan.dataset.normalise.normalise` — the tidy tables in memory;
4. :func:`~lingyuan.dataset.validate.check_tidy` — stop if the loader would refuse them;
5. :func:`write` — the CSV files and ``datapackage.json``, each atomically.

Nothing is written unless every check passed; the bytes depend only on the raw files,
so rebuilding gives identical files.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from lingyuan import DATA_PROCESSED, DATA_RAW, __version__
from lingyuan.dataset import schema
from lingyuan.dataset.normalise import TidyTables, normalise
from lingyuan.dataset.raw import display_path, read_raw
from lingyuan.dataset.validate import check_raw, check_tidy
from lingyuan.io import write_bytes

PACKAGE_NAME = "lingyuan-figures"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _package_source(s: dict) -> dict:
    return {
        "title": f"{s['title_en']} ({s['title_zh']})",
        "fileName": s["file_name"],
        "sourceId": s["source_id"],
        "publication": f"{s['publication_en']} ({s['publication_zh']})",
        "datePublished": s["date_published"],
        "dateAccessed": s["date_accessed"],
        "reporter": f"{s['reporter_en']} ({s['reporter_zh']})" if s["reporter_en"] else "",
        "citation": s["citation"],
        "methodNote": s["method_note"],
        "hash": f"sha256:{s['sha256']}",
        "bytes": int(s["bytes"]),
    }


def _resource(name: str, table: schema.Table, data: bytes) -> dict:
    return {
        "name": name,
        "type": "table",
        "path": table.path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
        "description": f"{table.description} Row order: {table.order}.",
        "hash": f"sha256:{_sha256(data)}",
        "bytes": len(data),
        "schema": schema.table_schema(table),
    }


def datapackage(files: dict[str, bytes], sources: list[dict]) -> dict:
    """The datapackage.json descriptor for the processed *files* (name -> bytes): Frictionless
    Data Package v2, every resource with its Table Schema, hash and size; no timestamp, so two
    builds give the same bytes."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": "Lingyuan poverty-alleviation figures, September 2019",
        "description": (
            "The figures reported on a Lingyuan (凌源市, Liaoning) newspaper page on poverty alleviation "
            "(September 2019), transcribed by hand: one row per figure as printed, normalised to a "
            "canonical unit, with the entity and indicator it concerns and a short evidence snippet. "
            "Values are as reported by the newspaper, not verified. No licence is known for the source: "
            "the article belongs to its publisher; this package holds only facts and evidence snippets "
            "of at most 30 characters. Built by lingyuan.dataset.build() from data/raw."
        ),
        "version": __version__,
        "keywords": ["Lingyuan", "凌源", "poverty alleviation", "China", "newspaper", "figures"],
        "sources": [_package_source(s) for s in sources],
        "resources": [_resource(name, table, files[table.path])
                      for name, table in schema.PROCESSED_TABLES.items()],
    }


def json_bytes(descriptor: dict) -> bytes:
    """Deterministic, readable JSON: two-space indent, keys in the order given, UTF-8 text."""
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def serialise(tidy: TidyTables) -> dict[str, bytes]:
    """File name -> bytes of every processed file: the CSV tables, then datapackage.json."""
    files = {schema.PROCESSED_TABLES[name].path: tidy.csv(name) for name in tidy.rows}
    files["datapackage.json"] = json_bytes(datapackage(files, tidy.rows["sources"]))
    return files


@dataclass
class BuildResult:
    """What :func:`write` wrote: the folder, the files, rows per table and figures per topic."""

    output_dir: Path
    files: dict[str, Path]
    rows: dict[str, int]
    topics: dict[str, int]

    def __str__(self) -> str:
        tables = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        return f"wrote {len(self.files)} files to {display_path(self.output_dir)} (rows: {tables})"


def write(tidy: TidyTables, output_dir: str | os.PathLike = DATA_PROCESSED) -> BuildResult:
    """Step 5 of the build: write every processed file of *tidy* (checked by
    :func:`~lingyuan.dataset.validate.check_tidy`) to *output_dir*, each atomically."""
    output_dir = Path(output_dir)
    written = {name: write_bytes(output_dir / name, data) for name, data in serialise(tidy).items()}
    topics: dict[str, int] = {}
    for f in tidy.rows["figures"]:
        topics[f["topic"]] = topics.get(f["topic"], 0) + 1
    return BuildResult(output_dir, written, {name: len(r) for name, r in tidy.rows.items()},
                       dict(sorted(topics.items())))


def build(raw_dir: str | os.PathLike = DATA_RAW, output_dir: str | os.PathLike = DATA_PROCESSED) -> BuildResult:
    """Read, check, normalise, check and write: *raw_dir* to the processed tables and
    datapackage.json in *output_dir*.

    Raises :class:`~lingyuan.dataset.raw.DatasetError` listing every problem, and writes
    nothing, when the transcription is not valid.
    """
    raw = check_raw(read_raw(raw_dir))
    tidy = check_tidy(normalise(raw))
    return write(tidy, output_dir)
