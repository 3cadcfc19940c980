"""How chart text is broken into lines and how value axes write their numbers: tick
labels wrapped at about so many characters (``wrap_label``), any text wrapped to a width
measured with the figure's own renderer (``wrap_to_width``: a Chinese line never starts
with a closing mark nor ends with an opening one, a number stays with its unit), and the
tick formatter in the language's magnitudes (万 and 亿; m).
"""
from __future__ import annotations

import re
import textwrap

import matplotlib.ticker

from lingyuan.analysis import params


def renderer(fig):
    """A renderer to measure text with (a figure closed in pyplot keeps a bare canvas)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


#: what a Chinese line may not start with (it stays at the end of the line before)
CLOSING_PUNCTUATION = frozenset("）)】」』》，。、；：！？")
#: what may not end a Chinese line (it goes to the start of the next)
OPENING_PUNCTUATION = frozenset("（(【「『《“‘")


def wrap_label(s: str, width: int, lang: str) -> str:
    """Break a tick label into lines of about *width* characters (zh) or words (en)."""
    lines = []
    for line in s.split("\n"):  # line breaks the caller put in are kept
        if lang == "zh":
            chunks = []
            for i in range(0, len(line), width):
                chunk = line[i:i + width]
                while chunks and chunk[:1] and chunk[:1] in CLOSING_PUNCTUATION:  # no line starts with ）or ，
                    chunks[-1] += chunk[:1]
                    chunk = chunk[1:]
                if chunk:
                    chunks.append(chunk)
            lines += chunks or [""]
        else:
            lines += textwrap.wrap(line, width=width, break_long_words=False) or [""]
    return "\n".join(lines)


class MagnitudeFormatter(matplotlib.ticker.Formatter):
    """Axis ticks in the language's magnitudes, the same for every tick of an axis:
    zh 5万, 10万 once the axis passes 10,000; en 0.5m, 1m once it passes a million,
    otherwise 20,000."""

    def __init__(self, lang: str):
        self.lang = params.check_lang(lang)

    def __call__(self, x, pos=None):
        if x == 0:
            return "0"
        hi = max(abs(v) for v in self.axis.get_view_interval()) if self.axis else abs(x)
        if self.lang == "zh":
            if hi >= 100_000_000:
                return f"{x / 100_000_000:g}亿"
            return f"{x / 10_000:g}万" if hi >= 10_000 else f"{x:g}"
        if hi >= 1_000_000:
            return f"{x / 1_000_000:g}m"
        return f"{x:,g}"


def magnitude_formatter(lang: str) -> MagnitudeFormatter:
    """A tick formatter for value axes (see MagnitudeFormatter)."""
    return MagnitudeFormatter(lang)


#: a token of Chinese text that a line break must not split: a run of digits and Latin
#: letters with their signs and the character after it (2019年, 62744人: a number stays
#: with its unit), else one character
_ZH_TOKEN = re.compile(r"[0-9A-Za-z.,%~≥≤+\-/'’]+[^\s（(【「『《“‘]?|.", re.S)


def _tokens(para: str, lang: str) -> list[str]:
    """The pieces a line may break between: words (en); characters and runs of digits and
    letters (zh), a punctuation mark kept with what it opens or closes."""
    if lang != "zh":
        return para.split(" ")
    tokens: list[str] = []
    for tok in _ZH_TOKEN.findall(para):
        if tokens and (tok in CLOSING_PUNCTUATION or tokens[-1][-1:] in OPENING_PUNCTUATION):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    return tokens


def wrap_to_width(fig, s: str, fontsize: float, width_px: float, lang: str) -> str:
    """Wrap *s* so that each line fits in *width_px* at *fontsize* (measured, not guessed:
    each line the longest run of tokens that fits, found by bisection)."""
    measure = renderer(fig)
    sep = "" if lang == "zh" else " "
    probe = fig.text(0, 0, "", fontsize=fontsize)

    def fits(line: str) -> bool:
        probe.set_text(line)
        return probe.get_window_extent(measure).width <= width_px

    out = []
    try:
        for para in s.split("\n"):
            tokens = _tokens(para, lang)
            while tokens:
                if fits(sep.join(tokens)):
                    out.append(sep.join(tokens))
                    break
                lo, hi = 1, len(tokens) - 1  # the line takes tokens[:n], lo <= n <= hi
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if fits(sep.join(tokens[:mid])):
                        lo = mid
                    else:
                        hi = mid - 1
                out.append(sep.join(tokens[:lo]))
                tokens = tokens[lo:]
            if not para:
                out.append("")
    finally:
        probe.remove()
    return "\n".join(out)
