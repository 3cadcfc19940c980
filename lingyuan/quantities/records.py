"""Sports records printed like a score: a team's win-loss record in brackets after its name.

``湖人(19-14)`` is 19 wins and 14 losses (units 胜 and 负, as ``19胜14负``), one row each. Only a
bracket holding two integers alone, right after a name, is read so: a period's or a game's score in
brackets (``第一节(25-20)``, ``首局(11-9)``) and scores listed together (``(25-20、18-22)``) stay results; in a text that names no game, team, win or loss (``降雨量(10-25)``) nothing is read.
"""
from __future__ import annotations

import re
from decimal import Decimal

from lingyuan.quantities.layout import matches_from
from lingyuan.quantities.patterns import CLOSING, OPENING
from lingyuan.quantities.quantity import Quantity, context

# (the bracket first: the pattern is tried at the text's brackets alone, layout.matches_from; the
# name before it is checked apart: a look-behind first made the pattern six times slower)
_RECORD_RE = re.compile(rf"[{OPENING}]([0-9]{{1,2}})[-－–—]([0-9]{{1,2}})[{CLOSING}]")
# What a score in brackets follows: a period, a game, a set, a half, a score's name.
_SCORED_PART = frozenset("节局盘场分")
# A text about games names them (比赛, 赛季, 队, 胜, 负): elsewhere (降雨量(10-25)) a bracket is a range.
_GAMES_RE = re.compile("[赛队胜负战]")


def record_quantities(text: str) -> list[Quantity]:
    """The wins and losses of every record in brackets after a name in *text* (two rows each)."""
    found: list[Quantity] = []
    if not _GAMES_RE.search(text):
        return found
    for m in matches_from(_RECORD_RE, text, OPENING):
        before = text[m.start() - 1] if m.start() else ""
        if not "\u4e00" <= before <= "\u9fff" or before in _SCORED_PART:
            continue  # after a name only (a Chinese character), not after a period's name
        for group, unit in ((1, "胜"), (2, "负")):
            a, b = m.start(group), m.end(group)
            found.append(Quantity(a, b, m.group(group), Decimal(m.group(group)), "", unit, "exact",
                                  context(text, a, b), ""))
    return found
