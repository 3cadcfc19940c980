"""The dataset wing: the one field spec (:mod:`.schema`), the raw transcription
(:mod:`.raw`), its checks (:mod:`.validate`), the tidy tables (:mod:`.normalise`),
the build (:mod:`.build`) and the one loader (:mod:`.load`).

``from lingyuan.dataset import load_figures`` is the public entry. The build is a
sequence of public steps — ``read_raw`` -> ``check_raw`` -> ``normalise`` ->
``check_tidy`` -> ``write`` — that ``build()`` runs in order and the notebook
``00_tidy_dataset`` runs one per cell.
"""
from lingyuan.dataset.raw import (  # noqa: F401
    DatasetError,
    Problem,
    RawTable,
    RawTranscription,
    load_raw,
    read_raw,
    read_raw_table,
)
from lingyuan.dataset.normalise import (  # noqa: F401
    NEGATIVE_SIGNS,
    TidyTables,
    csv_bytes,
    figures_table,
    normalise,
    processed_tables,
)
from lingyuan.dataset.load import (  # noqa: F401
    Tables,
    exact_values,
    load,
    load_figures,
    load_table,
    pick,
    read_table,
    resolve_path,
)
from lingyuan.dataset.validate import (  # noqa: F401
    BOUNDS_AFTER,
    BOUNDS_BEFORE,
    check_raw,
    check_source,
    check_source_arguments,
    check_source_command,
    check_tidy,
    problems_of,
    raw_problems,
    tidy_problems,
    validate_arguments,
    validate_command,
    validate_raw,
)
from lingyuan.dataset.build import (  # noqa: F401
    PACKAGE_NAME,
    BuildResult,
    build,
    datapackage,
    json_bytes,
    serialise,
    write,
)
