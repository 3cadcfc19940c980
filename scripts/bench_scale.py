"""Scale benchmark: the collection at K times its villages and figures, side by side.

For each K, a temporary copy of the project whose data/raw is K times bigger: every
village, with every body inside it (village groups, cooperatives, enterprises, people),
cloned K - 1 times under the same township (ids ``<id>-k2`` ..., names with the copy's
number), and every figure copied (figures about a clone point at the clone). Then:

* the data steps, at K = 1, 10, 100 by default (``--data-k``): ``validate`` (a
  subprocess, as typed: wall time and peak memory), the build of data/processed
  (``lingyuan.dataset.build``), ``load_figures`` and ``load``, and the look-ups a
  village profile makes in every run (``village_choices``, ``villages_view``,
  ``township_villages``, ``village_figures``, ``township_comparison`` for a village of
  the largest township, on freshly loaded tables);
* the build, at K = 1, 3, 10 by default (``--k``; skipped with ``--data-only``):
  ``python -m lingyuan run --force`` (wall time, runs, time per run), the no-op run
  right after, the size of the runner's cache and of the site (reports/).

Prints one table per part, a column per K and the growth exponent of each line (the
slope of log(value) over log(K): 1 = linear in the data, 2 = quadratic). The steps run
inside this process are timed in CPU seconds, validate and the runs in wall time too;
all of them share the machine with whatever else it is doing: compare the columns of
one run, and run it twice.

    python scripts/bench_scale.py [--data-only] [--k 1 3 10] [--data-k 1 10 100] [--jobs N]
"""
from __future__ import annotations

import argparse
import csv
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: the levels of the bodies that are cloned with their village (everything inside one)
VILLAGE = "village"


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def scale_raw(raw_dir: Path, out_dir: Path, k: int) -> dict[str, int]:
    """Write to *out_dir* the transcription of *raw_dir* made *k* times bigger (see the
    module's docstring); returns the number of villages and figures written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("indicators.csv", "sources.csv"):
        shutil.copyfile(raw_dir / name, out_dir / name)
    eh, entities = _read(raw_dir / "entities.csv")
    fh, figures = _read(raw_dir / "figures.csv")
    parent = {e["entity_id"]: e["parent_id"] for e in entities}

    def in_village(eid: str) -> bool:
        seen = set()
        while eid and eid not in seen:
            seen.add(eid)
            if next(e["level"] for e in entities if e["entity_id"] == eid) == VILLAGE:
                return True
            eid = parent.get(eid, "")
        return False

    cloned = {e["entity_id"] for e in entities if in_village(e["entity_id"])}
    out_e, out_f = list(entities), list(figures)
    for copy in range(2, k + 1):
        rename = {eid: f"{eid}-k{copy}" for eid in cloned}
        for e in entities:
            if e["entity_id"] in cloned:
                sep = " " if e["name_en"] else ""
                out_e.append({**e, "entity_id": rename[e["entity_id"]],
                              "parent_id": rename.get(e["parent_id"], e["parent_id"]),
                              "name_zh": f"{e['name_zh']}{copy}", "name_en": f"{e['name_en']}{sep}{copy}"})
        for f in figures:
            out_f.append({**f, "figure_id": f"{f['figure_id']}-k{copy}",
                          "entity_id": rename.get(f["entity_id"], f["entity_id"])})
    _write(out_dir / "entities.csv", eh, out_e)
    _write(out_dir / "figures.csv", fh, out_f)
    return {"villages": sum(e["level"] == VILLAGE for e in out_e), "figures": len(out_f)}


def exponent(ks: list[int], values: list[float]) -> str:
    """The least-squares slope of log(value) over log(K), or "" when it has no meaning."""
    points = [(math.log(k), math.log(v)) for k, v in zip(ks, values) if v and v > 0]
    if len(points) < 2 or len({x for x, _ in points}) < 2:
        return ""
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return f"{slope:5.2f}"


def table(title: str, ks: list[int], lines: list[tuple[str, str, list[float]]]) -> str:
    """Rows of (label, format, values per K) with the growth exponent of each."""
    head = f"{title:<34}" + "".join(f"{'K=' + str(k):>12}" for k in ks) + f"{'exponent':>10}"
    out = [head, "-" * len(head)]
    for label, fmt, values in lines:
        cells = "".join(f"{format(v, fmt):>12}" if v is not None else f"{'-':>12}" for v in values)
        growth = exponent(ks, values)
        out.append(f"{label:<34}{cells}{growth:>10}")
    return "\n".join(out)


def _clock(fn, *args, **kw):
    """CPU seconds of a call in this process (on a busy machine its wall time says more
    about the neighbours than about the call) and its result."""
    start = time.process_time()
    result = fn(*args, **kw)
    return time.process_time() - start, result


def data_steps(scratch: Path, k: int) -> dict[str, float]:
    """The data steps at *k* (see the module's docstring), each timed alone."""
    from lingyuan import dataset
    from lingyuan.analysis import profile

    raw, processed = scratch / f"raw-{k}", scratch / f"processed-{k}"
    sizes = scale_raw(ROOT / "data" / "raw", raw, k)
    # validate as a user types it; its peak memory from a process of its own
    probe = [sys.executable, "-c", "import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "p = subprocess.run([sys.executable, '-m', 'lingyuan', 'validate', sys.argv[1]], capture_output=True)\n"
             "t = time.perf_counter() - t\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(p.returncode, t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)", str(raw)]
    code, seconds, cpu, peak = subprocess.run(probe, capture_output=True, text=True, check=True).stdout.split()
    if code != "0":
        sys.exit(f"bench: validate found problems in the K={k} copy")
    build, _ = _clock(dataset.build, raw, processed)
    load_figures, _ = _clock(dataset.load_figures, processed)
    load, tables = _clock(dataset.load, processed)
    # a village of the largest township: the one whose profile compares most villages
    towns = [tables.township_of(v) for v in profile.villages(tables)]
    village = next(v for v in profile.villages(tables) if tables.township_of(v) == max(towns, key=towns.count))
    looks = {}
    for name, call in (("village_choices", lambda t: profile.village_choices(t)),
                       ("villages_view", lambda t: profile.villages_view(t, "en")),
                       ("township_villages", lambda t: profile.township_villages(t, village)),
                       ("village_figures", lambda t: profile.village_figures(t, village)),
                       ("township_comparison", lambda t: profile.township_comparison(t, village))):
        fresh = dataset.load(processed)  # the look-ups a kernel makes on tables it has just loaded
        looks[name], _ = _clock(call, fresh)
    return {"villages": sizes["villages"], "figures": sizes["figures"], "validate": float(seconds), "validate_cpu": float(cpu),
            "validate_mb": float(peak), "build": build, "load_figures": load_figures, "load": load, **looks,
            "profile": sum(looks.values())}


def _size_mb(folder: Path, leave_out: str | None = None) -> float:
    """The bytes of the files under *folder*, in MB, those under its subfolder *leave_out* left out."""
    if not folder.exists():
        return 0.0
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and (leave_out is None or leave_out not in p.relative_to(folder).parts)) / 1e6


def build_steps(scratch: Path, k: int, jobs: int) -> dict[str, float]:
    """`run --force` and the no-op run in a K-times copy of the project."""
    copy = scratch / f"project-{k}"
    shutil.copytree(ROOT / "notebooks", copy / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    scale_raw(ROOT / "data" / "raw", copy / "data" / "raw", k)
    base = [sys.executable, "-m", "lingyuan", "run", "--matrix", str(copy / "notebooks" / "runs.yaml"),
            "--root", str(copy), "--reports", str(copy / "reports"), "--cache", str(copy / ".cache"),
            "--jobs", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run(base + ["--force"], capture_output=True, text=True, cwd=copy)
    force = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench: run --force failed at K={k} ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    start = time.perf_counter()
    subprocess.run(base, capture_output=True, text=True, cwd=copy, check=True)
    noop = time.perf_counter() - start
    listed = subprocess.run(base + ["--list", "--json"], capture_output=True, text=True, cwd=copy, check=True)
    runs = sum(1 for line in listed.stdout.splitlines() if line.startswith("{"))
    return {"runs": runs, "force": force, "per_run": force / runs, "noop": noop,
            # the runner's cache (runs, file hashes, the kept matrix, the site's state) apart from
            # the font subsets kept beside it (one per set of characters, shared by pages)
            "cache_mb": _size_mb(copy / ".cache", leave_out="fonts"), "fonts_mb": _size_mb(copy / ".cache" / "fonts"),
            "site_mb": _size_mb(copy / "reports")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, nargs="+", default=[1, 3, 10], help="K of the build (default 1 3 10)")
    parser.add_argument("--data-k", type=int, nargs="+", default=[1, 10, 100],
                        help="K of the data steps (default 1 10 100)")
    parser.add_argument("--data-only", action="store_true", help="only the data steps (a minute or two)")
    parser.add_argument("--jobs", type=int, default=None, help="workers of run --force (default: CPUs)")
    args = parser.parse_args(argv)
    if min(args.k + args.data_k) < 1:
        parser.error("K is 1 or more")
    scratch = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} (\"s\": wall time; \"CPU s\": "
              "user + system time of the step, steadier on a busy machine)\n")
        ks = sorted(set(args.data_k))
        rows = [data_steps(scratch, k) for k in ks]
        col = lambda key: [r[key] for r in rows]  # noqa: E731
        print(table("data steps", ks, [
            ("villages (count)", "d", col("villages")), ("figures (count)", "d", col("figures")),
            ("validate, s", ".2f", col("validate")), ("validate, CPU s", ".2f", col("validate_cpu")),
            ("validate, peak MB", ".0f", col("validate_mb")),
            ("build data/processed, CPU s", ".3f", col("build")),
            ("load_figures, CPU s", ".3f", col("load_figures")), ("load (all tables), CPU s", ".3f", col("load")),
            *[(f"  {n}, CPU s", ".4f", col(n)) for n in ("village_choices", "villages_view", "township_villages",
                                                      "village_figures", "township_comparison")],
            ("profile look-ups together, CPU s", ".4f", col("profile"))]))
        if len(rows) > 1:
            extra = (rows[-1]["figures"] - rows[0]["figures"]) / 10_000
            print(f"\nvalidate per 10,000 more figures (K={ks[0]} to K={ks[-1]}): "
                  f"{(rows[-1]['validate'] - rows[0]['validate']) / extra:.2f} s wall, "
                  f"{(rows[-1]['validate_cpu'] - rows[0]['validate_cpu']) / extra:.2f} s CPU; "
                  f"start-up and the K={ks[0]} data: {rows[0]['validate']:.2f} s")
        if not args.data_only:
            ks = sorted(set(args.k))
            rows = []
            for k in ks:
                rows.append(build_steps(scratch, k, args.jobs or os.cpu_count() or 1))
                print(f"  K={k}: {rows[-1]['runs']} runs in {rows[-1]['force']:.0f} s", flush=True)
            print()
            print(table("build", ks, [
                ("runs (count)", "d", col("runs")), ("run --force, s", ".1f", col("force")),
                ("run --force per run, s", ".2f", col("per_run")), ("no-op run, s", ".2f", col("noop")),
                ("runner cache, MB", ".2f", col("cache_mb")), ("font subsets, MB", ".2f", col("fonts_mb")),
                ("site (reports/), MB", ".1f", col("site_mb"))]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
