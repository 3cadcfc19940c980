"""Benchmark of the quantity extractor: quality on the labelled corpora, speed beside
cn2an in the same run on the same text, and memory on large files.

    python scripts/bench_extract.py [--repeat N] [--memory] [--before GIT_REF]

Quality: recall and precision of ``find_quantities`` on tests/data/extract_corpus.jsonl
(a hit is a found quantity whose value, unit and qualifier equal a labelled one), and
on the real-report corpus (texts beside the project, ../shared/corpus or
LINGYUAN_CORPUS; hand labels in tests/data/real_corpus; scored by
tests/test_extract_real.score_text: place and value, qualifier/unit/change apart), per text;
the same for the unseen-register corpus (corpus/, labels in tests/data/unseen_corpus),
per text and per register.
Speed: CPU milliseconds per 10,000 characters of ``find_quantities`` and of cn2an's
``Transform().transform(text, "cn2an")`` (which only rewrites Chinese numerals as
digits: it finds no units, qualifiers or spans), best of N rounds, on the article and
on the real corpus joined into one text, side by side.
Memory (``--memory``): peak resident memory and wall time of ``python -m lingyuan
extract FILE`` on a 20 MB file made of the real corpus repeated, as one line and as
many lines; with ``--before REF`` the same for the package as it was at REF (a git
commit), for comparison.
Many files (``--many N``): wall time, files and characters per hour and peak memory of
``python -m lingyuan extract FOLDER --jobs 1`` and ``--jobs 2`` on N report files (the
real corpus and the article, copied round-robin), and whether both gave the same bytes.
Drafts (``--draft``): wall time and peak memory of ``extract --draft`` on
``'全市增长12.5%。' * n`` for n = 2,000, 8,000 and 30,000 (with ``--before REF`` beside the
package at REF; a run over 120 s is stopped and shown as such).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lingyuan import DEFAULT_ARTICLE  # noqa: E402
from lingyuan.quantities import find_quantities  # noqa: E402
from test_extract_real import (CORPUS_DIR, UNSEEN_GOLD_DIR, UNSEEN_TEXT_DIR, Score, score_corpus,  # noqa: E402
                               score_table)

CORPUS = ROOT / "tests" / "data" / "extract_corpus.jsonl"


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


def corpus_report(scores: dict[str, Score], registers: bool = True) -> None:
    """Recall and precision per text (and register), and field agreement on the hits."""
    total = Score()
    for score in scores.values():
        total.add(score)
    print(score_table(scores, registers))
    hits = total.hits or 1
    print("field agreement on hits: " + ", ".join(f"{k} {v / hits:.3f}" for k, v in total.agree.items()))


def real_corpus_report() -> str | None:
    scores = score_corpus()
    if not scores:
        return None
    corpus_report(scores, registers=False)  # its file names name places, not registers
    return "\n".join((CORPUS_DIR / f"{name}.txt").read_text(encoding="utf-8") for name in scores)


def speed(real_text: str | None, repeat: int) -> None:
    logging.disable(logging.WARNING)  # cn2an warns on every form it does not know (百, 万一 ...)
    warnings.simplefilter("ignore")
    import cn2an  # imported here: its import alone takes a while and is not what is measured

    transform = cn2an.Transform().transform
    texts = {}
    if DEFAULT_ARTICLE.exists():
        texts["article"] = DEFAULT_ARTICLE.read_text(encoding="utf-8")
    if real_text:
        texts["real corpus"] = real_text
    tools = {
        "lingyuan find_quantities": find_quantities,
        "cn2an transform (cn2an)": lambda t: transform(t, "cn2an"),
    }
    if len(texts) == 2:
        texts["together"] = "\n".join(texts.values())
    print(f"{'text':<12} {'chars':>7}  {'tool':<26} {'ms per 10k chars':>17} {'cn2an / this':>13}")
    for name, text in texts.items():
        per10k = per_10k_chars(tools, text, repeat)
        for tool, ms in per10k.items():
            print(f"{name:<12} {len(text):>7}  {tool:<26} {ms:>17.2f} "
                  f"{per10k['cn2an transform (cn2an)'] / ms:>13.2f}")


def _run_measured(argv: list[str], env: dict, cwd: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit code) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.perf_counter() - t0, proc.returncode


def memory(real_text: str, before: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        unit = real_text.encode("utf-8")
        copies = 20 * 1024 * 1024 // len(unit) + 1
        (tmp / "many-lines.txt").write_bytes(unit * copies)
        (tmp / "one-line.txt").write_bytes(real_text.replace("\n", "").encode("utf-8") * copies)
        packages = _package(before, tmp)
        print(f"{'file':<16} {'MB':>6}  {'package':<14} {'peak RSS MB':>12} {'seconds':>8} {'exit':>5}")
        for name in ("one-line.txt", "many-lines.txt"):
            path = tmp / name
            for label, package in packages.items():
                env = dict(os.environ, PYTHONPATH=package)
                rss, wall, code = _run_measured([sys.executable, "-m", "lingyuan", "extract", str(path)], env, tmp)
                print(f"{name:<16} {path.stat().st_size / 2**20:>6.1f}  {label:<14} {rss:>12.0f} {wall:>8.1f} "
                      f"{code:>5}")


def _package(before: str | None, tmp: Path) -> dict[str, str]:
    """{label: folder holding the lingyuan package}: now, and at git REF *before*."""
    packages = {"now": str(ROOT)}
    if before:
        old = tmp / "before"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", before, "lingyuan"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        packages[f"at {before}"] = str(old)
    return packages


def _run_to(argv: list[str], env: dict, cwd: Path, out: Path, timeout: float | None = None):
    """(peak RSS MB of the largest process, wall seconds, exit code or None if stopped) of a
    child writing its standard output to *out*."""
    t0 = time.perf_counter()
    with out.open("wb") as f:
        proc = subprocess.Popen(argv, stdout=f, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return None, time.perf_counter() - t0, None
    usage = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN)
    return usage.ru_maxrss / 1024, time.perf_counter() - t0, proc.returncode


def many_files(real_text_files: list[Path], count: int) -> None:
    """Throughput of extract over *count* report files with --jobs 1 and 2."""
    texts = [p.read_text(encoding="utf-8") for p in real_text_files]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "reports"
        folder.mkdir()
        chars = 0
        for i in range(count):
            text = texts[i % len(texts)]
            (folder / f"{i:06d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
        print(f"{count} files, {chars / 1e6:.1f} million characters")
        print(f"{'jobs':>4} {'seconds':>8} {'files/hour':>11} {'Mchars/hour':>12} {'rows':>8} {'exit':>5}")
        outputs = []
        for jobs in (1, 2):
            out = tmp / f"out-{jobs}.csv"
            # the peak memory is not shown: RUSAGE_CHILDREN holds the largest child of this whole run
            _, wall, code = _run_to([sys.executable, "-m", "lingyuan", "extract", str(folder), "--jobs", str(jobs)],
                                    dict(os.environ), tmp, out)
            outputs.append(out.read_bytes())
            rows = outputs[-1].count(b"\n") - 1
            print(f"{jobs:>4} {wall:>8.1f} {count / wall * 3600:>11.0f} {chars / wall * 3600 / 1e6:>12.0f} "
                  f"{rows:>8} {code:>5}")
        print(f"same bytes with --jobs 1 and 2: {outputs[0] == outputs[1]}")


def drafts(before: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        packages = _package(before, tmp)
        print(f"{'sentences':>9} {'KB':>6}  {'package':<14} {'seconds':>8} {'peak RSS MB':>12} {'exit':>5}")
        for n in (2000, 8000, 30000):
            path = tmp / f"report-{n}.txt"
            path.write_text("全市增长12.5%。" * n, encoding="utf-8")
            for label, package in packages.items():
                out = tmp / f"draft-{n}-{label.replace(' ', '-')}"
                env = dict(os.environ, PYTHONPATH=package)
                t0 = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-S", "-m", "lingyuan", "extract", str(path), "--draft",
                                         str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                        cwd="/")
                timer = __import__("threading").Timer(120, proc.kill)
                timer.start()
                _, status, usage = os.wait4(proc.pid, 0)
                timer.cancel()
                wall = time.perf_counter() - t0
                code = os.waitstatus_to_exitcode(status)
                shown = f"{wall:>8.1f}" if code >= 0 else f"{'>120':>8}"
                print(f"{n:>9} {path.stat().st_size / 1024:>6.0f}  {label:<14} {shown} {usage.ru_maxrss / 1024:>12.0f} "
                      f"{code:>5}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="rounds per text; the best time of each tool is kept")
    parser.add_argument("--memory", action="store_true", help="also measure memory and time on 20 MB files")
    parser.add_argument("--before", metavar="GIT_REF", help="with --memory: compare with the package at this commit")
    parser.add_argument("--many", type=int, metavar="N", help="also measure extract over N files, --jobs 1 and 2")
    parser.add_argument("--draft", action="store_true", help="also time extract --draft on 2,000-30,000 sentences")
    parser.add_argument("--skip-quality", action="store_true", help="leave out the quality and speed parts")
    args = parser.parse_args()
    if args.skip_quality:
        if args.draft:
            drafts(args.before)
        if args.many:
            many_files(_report_files(), args.many)
        return 0

    corpus = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    recall, precision, expected, got = corpus_quality(corpus)
    print(f"project corpus: {len(corpus)} sentences, {expected} labelled quantities, {got} found; "
          f"recall {recall:.4f}  precision {precision:.4f}")
    print()
    real_text = real_corpus_report()
    if real_text is None:
        print(f"real-report corpus not found at {CORPUS_DIR} (set LINGYUAN_CORPUS): skipped")
    print()
    print("unseen-register corpus (labelled before any rule was written for it):")
    corpus_report(score_corpus(gold_dir=UNSEEN_GOLD_DIR, text_dir=UNSEEN_TEXT_DIR))
    print()
    speed(real_text, args.repeat)
    if args.memory and real_text:
        print()
        memory(real_text, args.before)
    if args.draft:
        print()
        drafts(args.before)
    if args.many:
        print()
        many_files(_report_files(), args.many)
    return 0


def _report_files() -> list[Path]:
    files = sorted(CORPUS_DIR.glob("*.txt"))
    if DEFAULT_ARTICLE.exists():
        files.append(DEFAULT_ARTICLE)
    return files


if __name__ == "__main__":
    raise SystemExit(main())
