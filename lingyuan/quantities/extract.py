"""Chinese numbers and quantities, read exactly; the ``extract`` command.

* :func:`parse_number` reads one printed number (``6万余``, ``5953.2万``,
  ``45.6%``, ``百余``, ``几十``, ``一半``) into a :class:`Number`: an exact
  :class:`~decimal.Decimal` value, a qualifier and a percent flag.
* :func:`normalise` turns a transcribed figure (number as printed, unit as
  printed) into its value in a canonical unit of :mod:`lingyuan.quantities.units`.
* :func:`find_quantities` lists the quantities printed in any Chinese text,
  with their place in it (:class:`Quantity`); :func:`coverage` compares them
  with a transcription; :func:`write_draft` drafts a transcription of a new report.
* ``python -m lingyuan extract FILE [--format csv|json] [--against FIGURES.csv]
  [--draft OUT_DIR]`` is the command line of these (:func:`extract_command`).

Exit codes of the command: 0 done (and, with ``--against``, nothing missing); 1 with
``--against``, the transcription and the text disagree (each gap listed); 2 an input
could not be read (a missing file, a directory, a binary file, an encoding it cannot
read, an unreadable CSV: the message names the file, and the line and column where
there is one) or an output could not be written. It never ends in a traceback on bad
input.

Values are always Decimals computed from the printed digits: ``0.07万`` is 700,
never ``700.0000000000001``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lingyuan.quantities.coverage import Coverage, coverage, read_figures
from lingyuan.quantities.finder import FIELDS, Quantity, find_quantities
from lingyuan.quantities.numerals import QUALIFIERS, Number, ParseError, format_decimal, parse_number
from lingyuan.quantities.reading import InputError, read_text
from lingyuan.quantities.stream import (encoding_note, quantities_to_rows, stream_quantities,  # noqa: F401
                                       write_rows)
from lingyuan.quantities.values import normalise

__all__ = [
    "QUALIFIERS", "Number", "ParseError", "parse_number", "normalise", "format_decimal",
    "FIELDS", "Quantity", "find_quantities", "quantities_to_rows", "Coverage", "coverage",
    "InputError", "read_text", "read_figures", "stream_quantities", "extract_arguments", "extract_command",
]

# Characters of context either side of a piece, so rules and contexts near a cut see
# what the whole text would show them (the longest look-around of the rules is 24).


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", nargs="+",
                        help="Chinese texts (UTF-8 with or without BOM, UTF-16, GB18030 or Big5), or folders "
                             "(their *.txt files); - reads standard input. With several, every row names its file")
    parser.add_argument("--format", choices=("csv", "json"), default="csv",
                        help="csv with a header row (default) or JSON lines")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="read the files with N processes (the rows are the same, in the same order)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="a progress bar on standard error (default: with 10 files or more, on a terminal)")
    parser.add_argument("--against", metavar="FIGURES.csv",
                        help="check a transcription (data/raw/figures.csv format) against the text: "
                             "list what it misses and rows the text does not hold; exit 1 if any")
    parser.add_argument("--draft", metavar="OUT_DIR",
                        help="write a draft transcription (figures.csv, sources.csv, entities.csv, "
                             "indicators.csv in the data/raw format) of the text into OUT_DIR, which must be "
                             "empty or new")
    parser.add_argument("--force", action="store_true",
                        help="with --draft: write into OUT_DIR even when it holds files (they are replaced)")


def extract_command(args: argparse.Namespace) -> int:
    """``python -m lingyuan extract FILE... [--jobs N] [--format csv|json] [--against FIGURES.csv]
    [--draft OUT_DIR [--force]]``.

    Exit 0 when done, 1 when ``--against`` finds gaps, 2 when an input cannot be read
    or an output cannot be written. Several files or folders: :mod:`lingyuan.quantities.many`."""
    files = args.file if isinstance(args.file, list) else [args.file]
    several = len(files) > 1 or any(f != "-" and Path(f).is_dir() for f in files)
    if several and (args.against or getattr(args, "draft", None)):
        print("lingyuan extract: --against and --draft read one file; give one FILE", file=sys.stderr)
        return 2
    jobs = getattr(args, "jobs", 1)
    if jobs < 1:
        print(f"lingyuan extract: --jobs must be 1 or more, not {jobs}", file=sys.stderr)
        return 2
    try:
        if several:
            from lingyuan.quantities.many import extract_many
            return extract_many(files, args.format, jobs, getattr(args, "progress", None))
        args.file = files[0]
        if args.against:
            return _against(args)
        if getattr(args, "draft", None):
            from lingyuan.quantities.draft import draft_command
            return draft_command(args)
        return _list(args)
    except InputError as e:
        print(f"lingyuan extract: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0  # the reader (head, less) has stopped reading: not an error


def _list(args: argparse.Namespace) -> int:
    note = write_rows(args.file, args.format, sys.stdout, with_file=False, header=args.format == "csv")
    if note:
        print(note, file=sys.stderr)
    return 0


def _against(args: argparse.Namespace) -> int:
    text, encoding = read_text(args.file)
    if encoding_note(args.file, encoding):
        print(encoding_note(args.file, encoding), file=sys.stderr)
    figures = read_figures(args.against)
    out = sys.stdout
    result = coverage(text, figures)
    for q in result.unaccounted:
        line, col = _line_col(text, q.start)
        out.write(f"{args.file}:{line}:{col}: quantity {q.as_reported}{q.unit_reported} "
                  f"({format_decimal(q.value)} {q.unit or 'unit not in the vocabulary'}, {q.qualifier}) "
                  f"is not in {args.against}: …{q.context}…\n")
    for line, row, why in result.unmatched:
        out.write(f"{args.against}:{line}: {row.get('figure_id', '?')}: {why} "
                  f"(evidence {row.get('evidence', '')!r}, as_reported {row.get('as_reported', '')!r})\n")
    accounted = len(result.quantities) - len(result.unaccounted)
    out.write(f"{len(result.quantities)} quantities found, {accounted} accounted for, "
              f"{result.rows - len(result.unmatched)} of {result.rows} rows matched\n")
    return 0 if result.ok else 1
