"""The text as the extractor reads it: without whitespace (:func:`compact`), each position
mapped back to the text as given (:class:`Offsets`), and where whitespace between numbers
still parts them (:func:`cuts`: table cells, but not thousands set apart by a space)."""
from __future__ import annotations

import bisect
import itertools
import operator
import re

from lingyuan.quantities import patterns as P


class Offsets:
    """The offset in the original text of each character of the compact text: the
    sequence ``offsets[i]``, kept as one shift per run of non-whitespace (a text has a
    few hundred runs, not a number per character)."""

    __slots__ = ("starts", "shifts", "length")

    def __init__(self, text: str, runs: list[str] | None = None):
        """*runs*: ``text.split()`` when the caller has it already."""
        runs = text.split() if runs is None else runs
        at = 0
        # where each run ends in the text as given (only whitespace stands between one and the next,
        # so its first character's next occurrence is its start)
        ends = [at := text.find(run[0], at) + len(run) for run in runs]
        compact_ends = list(itertools.accumulate(map(len, runs)))
        self.starts: list[int] = [0, *compact_ends[:-1]] if runs else []  # where each run starts in the compact text
        self.shifts: list[int] = list(map(operator.sub, ends, compact_ends))  # original minus compact offset, per run
        self.length = compact_ends[-1] if runs else 0

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: int) -> int:
        if not 0 <= i < self.length:
            raise IndexError(i)
        return i + self.shifts[bisect.bisect_right(self.starts, i) - 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``(self[start], self[end - 1] + 1)``: the span in the text as given of compact
        positions start..end, with one search when both ends are in one run (most spans)."""
        k = bisect.bisect_right(self.starts, start) - 1
        if k + 1 == len(self.starts) or end <= self.starts[k + 1]:
            return start + self.shifts[k], end + self.shifts[k]
        return start + self.shifts[k], self[end - 1] + 1

    def index_of(self, offset: int) -> int:
        """The compact position of the first character at or after *offset* of the text."""
        return bisect.bisect_left(self, offset)


def compact(text: str) -> tuple[str, range | Offsets]:
    """*text* without whitespace, and the original offset of each character."""
    if not P.WS_RUN.search(text):
        return text, range(len(text))
    runs = text.split()  # (str.split drops what \s matches, five times faster)
    return "".join(runs), Offsets(text, runs)


def cuts(text: str, offsets) -> list[int]:
    """Where a number may not run on (compact positions): whitespace between two numbers,
    table cells, but not the spaces of thousands set apart (321 146件: one number)."""
    if isinstance(offsets, range):
        return []
    # a cell ends where whitespace follows a digit or %: tried at the end of each run of the text's
    # non-whitespace alone (a text has a few hundred), not at each of its characters
    cells = [(m.start(), m.end()) for d in (start - 1 + shift for start, shift in zip(offsets.starts[1:], offsets.shifts))
             if text[d] in "0123456789%％" and (m := P.SPACED_CELL_RE.match(text, d))]
    if not cells:
        return []
    grouped = [(m.start(), m.end()) for m in P.SPACED_THOUSANDS_RE.finditer(text)]
    if grouped:
        starts = [a for a, _ in grouped]
        cells = [(a, b) for a, b in cells
                 if not ((i := bisect.bisect_right(starts, a) - 1) >= 0 and a < grouped[i][1])]
    return [offsets.index_of(b) for _, b in cells]


def occurrences(s: str, sub: str) -> list[int]:
    """Where *sub* occurs in *s*, found by str.find."""
    found: list[int] = []
    at = s.find(sub)
    while at >= 0:
        found.append(at)
        at = s.find(sub, at + 1)
    return found


def matches_at(pattern: re.Pattern, s: str, starts: list[int]) -> list[re.Match]:
    """The matches ``pattern.finditer(s)`` gives, for a pattern whose every match starts at one of
    the sorted positions *starts*: the pattern tried there alone, several times faster than at
    every character when they are few."""
    found: list[re.Match] = []
    end = 0
    for at in starts:
        if at >= end and (m := pattern.match(s, at)):
            found.append(m)
            end = m.end()  # (as finditer: no match starts inside the last one)
    return found


def matches_from(pattern: re.Pattern, s: str, firsts: str) -> list[re.Match]:
    """:func:`matches_at` for a pattern whose every match starts with one of the characters
    *firsts* (brackets, quotes: a text holds few)."""
    starts = [at for c in firsts for at in occurrences(s, c)]
    return matches_at(pattern, s, sorted(starts) if len(firsts) > 1 else starts)
