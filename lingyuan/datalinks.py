"""Where the site's data page is, for whatever links to it (report tables, charts, the
front pages): its file in each language and the anchor of a figure's entry.

A figure's entry has the figure's id as its ``id``; a derived value's entry has
:func:`derived_anchor` of its name. The pages sit at the top of
the reports folder, beside the report pages, so a link is the file name and the anchor.
Standard library only.
"""
from __future__ import annotations

import os
import re

DATA_PAGES = {"zh": "data.html", "en": "data.en.html"}

#: Set (to "1") by ``python -m lingyuan run`` for the notebooks it runs: their pages sit
#: beside the data pages, so their tables link to them. A notebook run elsewhere (JupyterLab,
#: plain papermill) has no data page beside it, and its tables carry no links.
SITE_VARIABLE = "LINGYUAN_SITE"


def linked() -> bool:
    """Whether tables link their figures to the data page (only in a run of the runner)."""
    return os.environ.get(SITE_VARIABLE) == "1"


def data_href(lang: str, anchor: str = "") -> str:
    """The link to the *lang* data page (relative to reports/), at *anchor* when given."""
    return DATA_PAGES[lang] + (f"#{anchor}" if anchor else "")


def derived_anchor(name: str) -> str:
    """The id of derived value *name*'s entry on the data page (``data.html#derived-…``),
    and the fragment chart marks drawn from it link to: ``derived-`` and its id
    (``Derived.id``; for an audit check, ``Check.id``) in lower case, runs of other
    characters than a-z and 0-9 made one hyphen: ``derived_anchor("benefit-per-person")``
    is ``derived-benefit-per-person``."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")
    if not slug:
        raise ValueError(f"{name!r}: a derived number needs an id with a letter or a digit")
    return f"derived-{slug}"
