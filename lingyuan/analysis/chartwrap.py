"""How chart text is broken into lines and how value axes write their numbers: tick
labels wrapped at about so many characters (``wrap_label``), any text wrapped to a width
measured with the figure's own renderer (``wrap_to_width``: a Chinese line never starts
with a closing mark nor ends with an opening one, a number stays with its unit), and the
tick formatter in the language's magnitudes (万 and 亿; m).
"""
from __future__ import annotations

import functools
import re
import textwrap

import matplotlib
import matplotlib.text
import matplotlib.ticker

from lingyuan.analysis import params


def renderer(fig):
    """A renderer to measure text with (a figure closed in pyplot keeps a bare canvas)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


# --- text measured once a process ------------------------------------------------------
#
# A chart's text is measured in each layout pass and each format's drawing, by a renderer
# of that figure and format; matplotlib keeps the sizes for one renderer only, so the
# wide and narrow drawings of a chart, its PNG and SVG, and the next chart (the same tick
# labels, source line and notes) measure the same strings again, and with the CJK font a
# measurement is the costliest step of laying text out. The sizes depend only on the
# string, the font, its size, the renderer's kind and resolution and the font settings,
# so they are kept for the process under that key: the same numbers, found once.

#: the settings a text's measured size depends on besides its font properties
_FONT_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace", "font.cursive",
                  "font.fantasy", "text.hinting", "text.hinting_factor")
_TEXT_SIZES: dict[tuple, tuple[float, float, float]] = {}
_TEXT_SIZES_MAX = 100_000


def _font_key(prop) -> tuple:
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(), prop.get_math_fontfamily())


def _measured_once(measure):
    @functools.wraps(measure)
    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:  # mathtext or TeX (charts have neither: text.parse_math is off)
            return measure(self, s, prop, ismath)
        rc = matplotlib.rcParams
        key = (type(self), getattr(self, "dpi", None), s, _font_key(prop),
               tuple(str(rc[name]) for name in _FONT_SETTINGS))
        size = _TEXT_SIZES.get(key)
        if size is None:
            if len(_TEXT_SIZES) >= _TEXT_SIZES_MAX:
                _TEXT_SIZES.clear()
            size = _TEXT_SIZES[key] = measure(self, s, prop, ismath)
        return size

    get_text_width_height_descent.lingyuan_measured_once = True
    return get_text_width_height_descent


def forget_text_sizes() -> None:
    """Forget the sizes measured so far (``measure_text_once``): the next text is measured anew."""
    _TEXT_SIZES.clear()


def measure_text_once() -> None:
    """Keep the measured size of each text for the process, for the renderers charts are
    measured and drawn with (Agg: the PNG and the layout; SVG). Idempotent."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.backends.backend_svg import RendererSVG

    for cls in (RendererAgg, RendererSVG):
        method = cls.__dict__.get("get_text_width_height_descent")
        if method is not None and not getattr(method, "lingyuan_measured_once", False):
            cls.get_text_width_height_descent = _measured_once(method)


#: what a Chinese line may not start with (it stays at the end of the line before)
CLOSING_PUNCTUATION = frozenset("）)】」』》，。、；：！？")
#: what may not end a Chinese line (it goes to the start of the next)
OPENING_PUNCTUATION = frozenset("（(【「『《“‘")
_CLOSING_CHARS = "".join(sorted(CLOSING_PUNCTUATION))  # for str.rstrip
#: the longest token ``wrap_to_width`` keeps whole when it is wider than a line (English
#: words of the reports run to 19 letters: poverty-alleviation)
LONG_WORD = 24


def wrap_label(s: str, width: int, lang: str) -> str:
    """Break a tick label into lines of about *width* characters (zh) or words (en)."""
    lines = []
    for line in s.split("\n"):  # line breaks the caller put in are kept
        if lang == "zh":
            # whole tokens (a number stays whole, an opening bracket with what it opens); a
            # closing mark rides on its line without counting (no line starts with ）or ，)
            chunks: list[str] = []
            size = 0
            for tok in _tokens(line, "zh"):
                n = len(tok.rstrip(_CLOSING_CHARS)) or len(tok)
                if not chunks or size + n > width:
                    chunks.append(tok)
                    size = n
                else:
                    chunks[-1] += tok
                    size += n
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


def _longest_fit(count: int, fits, guess: int) -> int:
    """The largest n in 1..count-1 with ``fits(n)`` (1 when none: a token too wide for a
    line has a line of its own), *fits* true up to some n and false after. Found by
    bisection whose first two tries are *guess* and its neighbour (the answer, most often)."""
    lo, hi = 1, count - 1
    tries = [guess]
    while lo < hi:
        mid = tries.pop() if tries else (lo + hi + 1) // 2
        if not lo < mid <= hi:
            continue
        if fits(mid):
            lo = mid
            tries = [mid + 1] if mid == guess else []
        else:
            hi = mid - 1
            tries = [mid - 1] if mid == guess else []
    return lo


def _prefix_fits(width, tokens: list[str], sep: str, width_px: float, n: int) -> bool:
    return width(sep.join(tokens[:n])) <= width_px


def wrap_to_width(fig, s: str, fontsize: float, width_px: float, lang: str) -> str:
    """Wrap *s* so that each line fits in *width_px* at *fontsize* (measured, not guessed:
    each line the longest run of tokens that fits; the first tries guessed from the width
    of the whole, by the share of its characters).

    A line is measured as a text of the figure measures it (its font from the settings,
    at *fontsize*, by the figure's renderer: the width of its bounding box)."""
    measure = renderer(fig)
    sep = "" if lang == "zh" else " "
    font = matplotlib.text.Text(0, 0, "", fontsize=fontsize).get_fontproperties()

    def width(line: str) -> float:
        return measure.get_text_width_height_descent(line, font, False)[0] if line else 0.0

    out = []
    for para in s.split("\n"):
        tokens = _tokens(para, lang)
        while tokens:
            whole = width(sep.join(tokens))
            if whole <= width_px:
                out.append(sep.join(tokens))
                break
            share, chars, guess = width_px / whole * len(sep.join(tokens)), 0, 0
            while guess < len(tokens) and chars + len(tokens[guess]) <= share:
                chars += len(tokens[guess]) + len(sep)
                guess += 1
            n = _longest_fit(len(tokens), functools.partial(_prefix_fits, width, tokens, sep, width_px), guess)
            if n == 1 and len(tokens[0]) > LONG_WORD and width(tokens[0]) > width_px:
                # a run of letters longer than any word (a name or address without a space),
                # wider than a line: broken between characters where it must, rather than
                # pushed past the chart's edge; a word of a language stays whole
                rest = tokens[0]
                while len(rest) > 1 and width(rest) > width_px:
                    k = _longest_fit(len(rest), functools.partial(_prefix_fits, width, rest, "", width_px),
                                     max(1, int(len(rest) * width_px / width(rest))))
                    out.append(rest[:k])
                    rest = rest[k:]
                tokens = [rest, *tokens[1:]]  # its last piece may share a line with what follows
                continue
            out.append(sep.join(tokens[:n]))
            tokens = tokens[n:]
        if not para:
            out.append("")
    return "\n".join(out)
