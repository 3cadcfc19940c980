"""One vocabulary for the words readers see for the data's categories (lingyuan.vocabulary):
the same ids as the schema, a word for each in both languages, and the charts, tables and
prose saying the same word."""
from __future__ import annotations

from lingyuan import LANGS, vocabulary
from lingyuan.analysis import charts, tables, words
from lingyuan.dataset import schema
from lingyuan.quantities.words import QUALIFIERS


def test_the_vocabulary_has_the_schemas_ids_in_every_language():
    expected = {"qualifier": set(QUALIFIERS), "kind": set(schema.KINDS) | {"derived"},
                "topic": set(schema.TOPICS), "level": set(schema.LEVELS)}
    for lang in LANGS:
        assert {c: set(w) for c, w in vocabulary.WORDS[lang].items()} == expected, lang
        assert all(word.strip() for ws in vocabulary.WORDS[lang].values() for word in ws.values())


def test_charts_tables_and_prose_use_the_same_words():
    for lang in LANGS:
        at_most = vocabulary.word("qualifier", "at_most", lang)
        assert at_most in charts.text("at_most", lang)
        assert tables.cell("at_most", "qualifier", lang) == at_most
        assert words.prose(5, "person", "at_most", lang).startswith(at_most)
        for kind in ("actual", "target", "forecast", "derived"):
            assert charts.text(kind, lang) == tables.cell(kind, "kind", lang) == vocabulary.word("kind", kind, lang)
        assert tables.CATEGORIES["level"] == vocabulary.pairs("level")
