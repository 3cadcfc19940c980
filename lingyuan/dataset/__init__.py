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
