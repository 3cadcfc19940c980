"""Shared fixtures: a small valid transcription (``mini_raw``) written to a temporary
folder, a helper to write edited copies of it (``write_raw``), and a temporary
project layout with processed data built from it (``tmp_project``).

``make test`` runs the suite on every CPU (pytest-xdist, ``--dist loadscope``): the tests
of one module stay on one worker, so a costly module-scoped fixture (executed notebooks, a
browser or a JupyterLab server) is made once. The builds of a copy of the project that
tests read (``real_project`` here, test_mutation's corrected copy) start in the background
when the session starts and are shared by the workers (project_copy.BUILDS); the modules
that read them run last. ``--timeline=N`` prints where the time went (timeline.py).

The mini transcription uses real snippets of the article (each at most 30
characters), so check-source can run against the article when it is present.
"""
from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest
from hypothesis import settings

from lingyuan.dataset import schema

# No time limit per generated example: speed is measured by the benchmarks in scripts/,
# and a per-example deadline only fails a property test when the machine is busy.
settings.register_profile("lingyuan", deadline=None)
settings.load_profile("lingyuan")


def pytest_addoption(parser):
    parser.addoption("--timeline", type=int, default=None, metavar="N",
                     help="after the run, print where the time went: the sum of durations, each "
                          "worker's busy time and modules, the slowest modules and N slowest tests")


def pytest_configure(config):
    slowest = config.getoption("--timeline")
    if slowest is not None:
        from timeline import CpuMeter, Timeline

        config.pluginmanager.register(CpuMeter(), "timeline-cpu")
        if not hasattr(config, "workerinput"):  # the controller gathers the reports
            config.pluginmanager.register(Timeline(slowest), "timeline")

def pytest_collection_modifyitems(items):
    """The modules with a test that reads a build made in the background (project_copy.BUILDS)
    run last, so that the workers run everything else while the builds are made."""
    from project_copy import BUILDS

    readers = {fixture for _, fixture in BUILDS.values()}
    late = {item.nodeid.split("::")[0] for item in items if readers & set(getattr(item, "fixturenames", ()))}
    items.sort(key=lambda item: item.nodeid.split("::")[0] in late)


ARTICLE_SHA256 = "46cba9d47530a3a9c6cb36b957173fa4154a07f8ef4327378a39c6d4954089ab"
ARTICLE_BYTES = "18982"
S1 = "下足“绣花”功夫 做好“精准”文章"
S2 = "村领办合作社新增138个"
S3 = "产业扶贫带动凌源6万余贫困人口增收"

MINI_TABLES: dict[str, list[dict[str, str]]] = {
    "sources": [dict(
        source_id="lingyuan-2019-09", title_zh="凌源脱贫攻坚报道", title_en="Lingyuan poverty alleviation page",
        publication_zh="本报", publication_en="Local newspaper", date_published="2019-09",
        date_accessed="2026-11-28", reporter_zh="张旭", reporter_en="Zhang Xu",
        sections=f"{S1} | {S2} | {S3}", file_name="000_09cc10e4ea979b88.txt", sha256=ARTICLE_SHA256,
        bytes=ARTICLE_BYTES, citation="Zhang Xu, local newspaper, September 2019.",
        method_note="Transcribed by hand (test fixture).",
    )],
    "entities": [
        dict(entity_id="lingyuan", name_zh="凌源市", name_en="Lingyuan City", level="city", parent_id="", note=""),
        dict(entity_id="songzhangzi", name_zh="宋杖子镇", name_en="Songzhangzi Town", level="township",
             parent_id="lingyuan", note=""),
        dict(entity_id="yufeng-coop", name_zh="裕丰合作社", name_en="Yufeng Cooperative", level="cooperative",
             parent_id="songzhangzi", note=""),
    ],
    "indicators": [
        dict(indicator_id="new-cooperatives", name_zh="新增村领办合作社", name_en="New village-led cooperatives",
             topic="collective_economy", unit="cooperative", description_en="Cooperatives set up by villages."),
        dict(indicator_id="poor-people-reached", name_zh="带动贫困人口", name_en="Poor people reached",
             topic="industry", unit="person", description_en="Poor people reached by industry projects."),
        dict(indicator_id="hospital-costs", name_zh="报销住院费用", name_en="Hospital costs reimbursed",
             topic="health", unit="CNY", description_en="Hospital costs of poor people reimbursed."),
        dict(indicator_id="safety-net-share", name_zh="兜底保障占比", name_en="Share under the safety net",
             topic="safety_net", unit="percent", description_en="Share of poor people under the safety net."),
        dict(indicator_id="grape-vines", name_zh="栽植葡萄", name_en="Grape vines planted",
             topic="industry", unit="plant", description_en="Grape vines planted in cold sheds."),
        dict(indicator_id="income-gain", name_zh="人均增收", name_en="Income gain per person",
             topic="income", unit="CNY_per_person", description_en="Income gain per poor person."),
        dict(indicator_id="projects-per-person", name_zh="人均覆盖项目", name_en="Projects per poor person",
             topic="industry", unit="project_per_person", description_en="Projects covering each poor person."),
    ],
    "figures": [
        # line 2
        dict(figure_id="new-cooperatives", source_id="lingyuan-2019-09", section=S2, paragraph="1",
             evidence="新增村领办合作社138个", as_reported="138", unit_reported="个", qualifier="exact",
             kind="actual", period="2019-01/2019-09", entity_id="lingyuan", indicator_id="new-cooperatives",
             note=""),
        # line 3
        dict(figure_id="poor-people-reached-headline", source_id="lingyuan-2019-09", section=S3, paragraph="0",
             evidence="带动凌源6万余贫困人口", as_reported="6万余", unit_reported="人", qualifier="approx",
             kind="actual", period="cumulative", entity_id="lingyuan", indicator_id="poor-people-reached",
             note="Headline; the body says 62744."),
        # line 4
        dict(figure_id="grape-vines-cold-sheds", source_id="lingyuan-2019-09", section=S3, paragraph="1",
             evidence="栽植葡萄1.7万株", as_reported="1.7万", unit_reported="株", qualifier="exact",
             kind="actual", period="2018", entity_id="yufeng-coop", indicator_id="grape-vines", note=""),
        # line 5
        dict(figure_id="projects-per-person", source_id="lingyuan-2019-09", section=S3, paragraph="2",
             evidence="人均覆盖项目2.2个", as_reported="2.2", unit_reported="个", qualifier="exact",
             kind="actual", period="2019-09", entity_id="lingyuan", indicator_id="projects-per-person", note=""),
        # line 6
        dict(figure_id="income-gain", source_id="lingyuan-2019-09", section=S3, paragraph="2",
             evidence="人均增收695元", as_reported="695", unit_reported="元", qualifier="exact",
             kind="actual", period="cumulative", entity_id="lingyuan", indicator_id="income-gain", note=""),
        # line 7
        dict(figure_id="hospital-costs", source_id="lingyuan-2019-09", section=S3, paragraph="3",
             evidence="报销住院费用5953.2万元", as_reported="5953.2万", unit_reported="元", qualifier="exact",
             kind="actual", period="cumulative", entity_id="lingyuan", indicator_id="hospital-costs", note=""),
        # line 8
        dict(figure_id="safety-net-share", source_id="lingyuan-2019-09", section=S3, paragraph="4",
             evidence="占贫困人口总数的45.6%", as_reported="45.6%", unit_reported="%", qualifier="exact",
             kind="actual", period="2019-09", entity_id="lingyuan", indicator_id="safety-net-share", note=""),
    ],
}


def write_raw_tables(raw_dir: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Write *tables* (name -> rows) as the raw CSVs of *raw_dir*, columns in schema order."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns = schema.RAW_TABLES[name].columns
        with open(raw_dir / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    return raw_dir


@pytest.fixture
def mini_tables() -> dict[str, list[dict[str, str]]]:
    """A fresh, editable copy of the small valid transcription (name -> list of row dicts)."""
    return copy.deepcopy(MINI_TABLES)


@pytest.fixture
def write_raw(tmp_path):
    """``write_raw(tables)`` writes raw CSVs into a new folder under tmp_path and returns it."""
    counter = iter(range(1_000_000))

    def _write(tables: dict[str, list[dict[str, str]]]) -> Path:
        return write_raw_tables(tmp_path / f"raw{next(counter)}", tables)

    return _write


@pytest.fixture
def mini_raw(tmp_path) -> Path:
    """A folder holding the small valid transcription."""
    return write_raw_tables(tmp_path / "raw", copy.deepcopy(MINI_TABLES))


@pytest.fixture
def tmp_project(tmp_path) -> Path:
    """A temporary project layout: data/raw (the small transcription) and data/processed built from it."""
    from lingyuan import dataset

    root = tmp_path / "project"
    raw = write_raw_tables(root / "data" / "raw", copy.deepcopy(MINI_TABLES))
    dataset.build(raw, root / "data" / "processed")
    return root


# --- the real project, built in a copy ------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def _builds_in_the_background(request, tmp_path_factory):
    """Start at once the builds of project_copy.BUILDS that a test of this run reads, so they
    run beside the other tests; wait for them at the end."""
    from project_copy import BUILDS, reap_builds, shared_base, start_build

    wanted = {fixture for item in request.session.items for fixture in getattr(item, "fixturenames", ())}
    for name, (_, fixture) in BUILDS.items():
        if fixture in wanted:
            start_build(shared_base(tmp_path_factory), name)
    yield
    reap_builds()


@pytest.fixture(scope="session")
def real_project(tmp_path_factory) -> Path:
    """The real project in a copy (project_copy.REAL_SITE_RUNS), three villages' English
    names made hostile (project_copy.HOSTILE), built once per test run for test_browser's
    charts and test_browser_site (and the notebook tests, which read its executed
    notebooks): started in the background when the run begins, shared by the xdist workers
    (project_copy.wait_build)."""
    from project_copy import shared_base, wait_build

    return wait_build(shared_base(tmp_path_factory), "real-site")


@pytest.fixture(scope="session")
def real_site(real_project) -> Path:
    """The reports folder of :func:`real_project`."""
    return real_project / "reports"
