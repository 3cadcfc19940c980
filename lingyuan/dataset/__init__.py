"""The dataset wing: the one field spec (:mod:`.schema`), reading and validating the raw
transcription, building ``data/processed`` and loading it.

``from lingyuan.dataset import load_figures`` is the public entry.
"""
from lingyuan.dataset.core import *  # noqa: F401,F403
from lingyuan.dataset.core import (  # noqa: F401
    check_source_arguments,
    check_source_command,
    validate_arguments,
    validate_command,
)
from lingyuan.dataset.load import Tables, load, load_figures, load_table, resolve_path  # noqa: F401,E402
