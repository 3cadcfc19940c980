"""Where the suite's time goes, printed after a run with ``--timeline=N`` (conftest.py):
the sum of every test's setup, call and teardown; per worker (pytest-xdist) its busy time,
its span from first start to last stop, and its modules in the order it ran them; the
slowest modules; and the N slowest tests (setup and teardown included).

With two workers the wall time is about the larger of half the sum and the busiest
worker's span: a module's tests stay on one worker (``--dist loadscope``), so a long module,
or a long wait for a build another worker makes, is a chain nothing shortens.
"""
from __future__ import annotations

import os
from collections import defaultdict

import pytest


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _cpu() -> float:
    """CPU seconds of this process and of its children that ended (kernels, Chromium, builds)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class CpuMeter:
    """In each process that runs tests: the CPU seconds of each phase, as a user property
    of its report (the reports travel to the controller)."""

    def __init__(self):
        self.mark = _cpu()

    def pytest_runtest_logstart(self):
        self.mark = _cpu()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self):
        outcome = yield
        now = _cpu()
        outcome.get_result().user_properties.append(("cpu", now - self.mark))
        self.mark = now


class Timeline:
    def __init__(self, slowest: int):
        self.slowest = slowest
        self.tests: dict[str, float] = defaultdict(float)      # nodeid -> seconds
        self.setup: dict[str, float] = defaultdict(float)      # nodeid -> seconds of its setup
        self.cpu: dict[str, float] = defaultdict(float)        # nodeid -> CPU seconds
        self.worker: dict[str, str] = {}                        # nodeid -> worker
        self.span: dict[str, list[float]] = {}                  # worker -> [first start, last stop]
        self.order: dict[str, list[str]] = defaultdict(list)    # worker -> modules in order

    def pytest_runtest_logreport(self, report):
        worker = getattr(report, "worker_id", None) or "main"
        self.tests[report.nodeid] += report.duration
        if report.when == "setup":
            self.setup[report.nodeid] += report.duration
        self.worker[report.nodeid] = worker
        self.cpu[report.nodeid] += sum(v for k, v in report.user_properties if k == "cpu")
        module = _module(report.nodeid)
        if not self.order[worker] or self.order[worker][-1] != module:
            self.order[worker].append(module)
        start, stop = getattr(report, "start", 0) or 0, getattr(report, "stop", 0) or 0
        if start:
            first, last = self.span.get(worker, (start, stop))
            self.span[worker] = [min(first, start), max(last, stop)]

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        total = sum(self.tests.values())
        modules: dict[str, float] = defaultdict(float)
        cpu: dict[str, float] = defaultdict(float)
        busy: dict[str, float] = defaultdict(float)
        for nodeid, seconds in self.tests.items():
            modules[_module(nodeid)] += seconds
            cpu[_module(nodeid)] += self.cpu[nodeid]
            busy[self.worker[nodeid]] += seconds
        terminalreporter.section("timeline")
        write(f"{len(self.tests)} tests, sum of durations {total:.1f} s (setup, call and teardown), "
              f"CPU {sum(self.cpu.values()):.1f} s (the processes of the tests and their children that ended)")
        origin = min((s[0] for s in self.span.values()), default=0)
        for worker in sorted(busy):
            first, last = self.span.get(worker, (origin, origin))
            write(f"{worker}: busy {busy[worker]:.1f} s, from +{first - origin:.1f} s to +{last - origin:.1f} s")
            chain = [f"{m.removeprefix('tests/')} {modules[m]:.0f}" for m in self.order[worker]]
            write("    " + ", ".join(chain))
        write("slowest modules (CPU in brackets):")
        for module, seconds in sorted(modules.items(), key=lambda kv: -kv[1])[:15]:
            write(f"  {seconds:7.1f} s  [{cpu[module]:6.1f}]  {module}")
        write(f"slowest {self.slowest} tests (setup in brackets):")
        for nodeid, seconds in sorted(self.tests.items(), key=lambda kv: -kv[1])[:self.slowest]:
            write(f"  {seconds:7.1f} s  [{self.setup[nodeid]:6.1f}]  {nodeid}")
