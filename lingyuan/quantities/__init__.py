"""The quantities wing: the unit vocabulary (:mod:`.units`), Chinese and Arabic numerals
(:mod:`.numerals`), and the extractor that finds quantities in any Chinese text
(:mod:`.extract`). The only home of the qualifier and kind words.

``from lingyuan.quantities import find_quantities, parse_number`` is the public entry.
"""
from lingyuan.quantities.numerals import (  # noqa: F401
    QUALIFIERS,
    Number,
    ParseError,
    format_decimal,
    parse_number,
)
from lingyuan.quantities.extract import *  # noqa: F401,F403
from lingyuan.quantities.extract import (  # noqa: F401
    extract_arguments,
    extract_command,
)
