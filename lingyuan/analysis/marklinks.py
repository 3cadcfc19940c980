"""Chart marks linked to the site's data page: each bar, dot and value label of a figure an
SVG link to its figure's entry (or its derived number's), with the evidence or the
arithmetic shown on hover or long press. Addresses from :mod:`lingyuan.datalinks`.
"""
from __future__ import annotations

from lingyuan import datalinks
from lingyuan.analysis import params

#: the hover / long-press text of a mark (an SVG <title>): the evidence of its figure,
#: or the arithmetic of a derived number
MARK_TITLES: dict[str, dict[str, str]] = {
    "mark_evidence": {"zh": "原文：「{}」", "en": "Article: “{}”"},
    "mark_derived": {"zh": "推算：{} = {}", "en": "Derived: {} = {}"},
}


def link_marks(artists, lang: str, *, figure_id: str | None = None, derived: str | None = None,
               title: str) -> None:
    """Link chart marks (bars, dots, their labels) to the data page: to the entry of
    *figure_id*, or of the derived number *derived* (its id), with *title* shown on hover
    or long press. In the SVG each mark is an ``<a>`` holding a ``<title>``; the figure
    remembers the titles by address (``link_titles``) for the SVG writer to put in."""
    params.check_lang(lang)
    if (figure_id is None) == (derived is None):
        raise ValueError("give a figure_id or a derived id, one of them")
    url = datalinks.data_href(lang, figure_id if figure_id is not None else datalinks.derived_anchor(derived))
    for artist in artists:
        if hasattr(artist, "set_urls"):  # a collection (scatter): one address per item
            artist.set_urls([url] * max(len(artist.get_offsets()), 1))
        else:
            artist.set_url(url)
        fig = artist.get_figure(root=True) if artist.figure is not None else None
        if fig is not None:
            fig.__dict__.setdefault("lingyuan_link_titles", {})[url] = title


def link_titles(fig) -> dict[str, str]:
    """The hover text of each address *fig*'s marks link to (see ``link_marks``)."""
    return dict(getattr(fig, "lingyuan_link_titles", {}))


def row_link(artists, row, lang: str) -> None:
    """``link_marks`` for marks drawn from one row of the tidy table (to its figure) or from
    ``Derived.as_row()`` (style "derived": to its derivation)."""
    if row.get("style") == "derived" and isinstance(row.get("arithmetic"), str):
        name = row.get(f"indicator_{lang}") or row["figure_id"]
        link_marks(artists, lang, derived=row["figure_id"],
                   title=MARK_TITLES["mark_derived"][lang].format(name, row["arithmetic"]))
    else:
        evidence = row.get("evidence")
        title = MARK_TITLES["mark_evidence"][lang].format(evidence) if isinstance(evidence, str) and evidence \
            else str(row.get(f"indicator_{lang}") or row["figure_id"])
        link_marks(artists, lang, figure_id=row["figure_id"], title=title)


def derived_link(artists, d, lang: str) -> None:
    """``link_marks`` for marks drawn from a derived number *d* (a ``derive.Derived``)."""
    link_marks(artists, lang, derived=d.id, title=MARK_TITLES["mark_derived"][lang].format(d.name(lang), d.arithmetic))
