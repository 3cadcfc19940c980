"""Benchmark of the quantity extractor: quality on the labelled corpus and speed
beside cn2an, in the same run on the same text.

    python scripts/bench_extract.py [--repeat N]

Quality: recall and precision of ``find_quantities`` on tests/data/extract_corpus.jsonl
(a hit is a found quantity whose value, unit and qualifier equal a labelled one).
Speed: milliseconds per 10,000 characters of ``find_quantities`` and of cn2an's
``Transform().transform(text, "cn2an")`` (which only rewrites Chinese numerals
as digits: it finds no units, qualifiers or spans) on the corpus text joined
into one document (four times over), best CPU time of N rounds. When the article is present
(lingyuan.DEFAULT_ARTICLE) it is timed too.
"""
from __future__ import annotations

import argparse
import json
import logging
import time
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path

from lingyuan import DEFAULT_ARTICLE
from lingyuan.quantities import find_quantities

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract_corpus.jsonl"


def corpus_quality(corpus: list[dict]) -> tuple[float, float, int, int]:
    hits = expected = got = 0
    for c in corpus:
        want = Counter((Decimal(q["value"]), q["unit"], q["qualifier"]) for q in c["quantities"])
        have = Counter((q.value, q.unit, q.qualifier) for q in find_quantities(c["text"]))
        hits += sum((want & have).values())
        expected += sum(want.values())
        got += sum(have.values())
    return hits / expected, hits / got, expected, got


def per_10k_chars(tools: dict, text: str, repeat: int) -> dict[str, float]:
    """Best-of-*repeat* CPU milliseconds per 10,000 characters for each tool.

    CPU time of this process (time.process_time), not wall time, so other work on
    the machine does not count; the tools take turns in each round so both see
    the same conditions."""
    best = {name: float("inf") for name in tools}
    for _ in range(repeat):
        for name, func in tools.items():
            t0 = time.process_time()
            func(text)
            best[name] = min(best[name], time.process_time() - t0)
    return {name: seconds * 1000 * 10_000 / len(text) for name, seconds in best.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="rounds per text; the best time of each tool is kept")
    args = parser.parse_args()

    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    recall, precision, expected, got = corpus_quality(corpus)
    print(f"corpus: {len(corpus)} sentences, {expected} labelled quantities, {got} found")
    print(f"recall {recall:.4f}  precision {precision:.4f}")
    print()

    logging.disable(logging.WARNING)  # cn2an warns on every form it does not know (百, 万一 ...)
    warnings.simplefilter("ignore")
    import cn2an  # imported here: its import alone takes a while and is not what is measured

    transform = cn2an.Transform().transform
    texts = {"corpus (joined)": "\n".join(c["text"] for c in corpus) * 4}
    if DEFAULT_ARTICLE.exists():
        texts["article"] = DEFAULT_ARTICLE.read_text(encoding="utf-8")
    tools = {
        "lingyuan find_quantities": find_quantities,
        "cn2an transform (cn2an)": lambda t: transform(t, "cn2an"),
    }
    print(f"{'text':<16} {'chars':>7}  {'tool':<26} {'ms per 10k chars':>17} {'ratio':>7}")
    for name, text in texts.items():
        per10k = per_10k_chars(tools, text, args.repeat)
        base = per10k["lingyuan find_quantities"]
        for tool, ms in per10k.items():
            print(f"{name:<16} {len(text):>7}  {tool:<26} {ms:>17.2f} {ms / base:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
