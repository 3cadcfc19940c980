"""The data dictionary in data/README.md is generated from lingyuan.dataset.schema (and the unit
vocabulary from lingyuan.quantities.units), so the documentation cannot drift from the code."""
from __future__ import annotations

from lingyuan import PROJECT_ROOT
from lingyuan.dataset import schema
from lingyuan.quantities import units

README = PROJECT_ROOT / "data" / "README.md"


def test_readme_holds_the_generated_dictionary():
    text = README.read_text(encoding="utf-8")
    assert schema.dictionary_markdown() in text, (
        "data/README.md is out of date with lingyuan/schema.py or lingyuan/units.py: "
        "run `python -m lingyuan.dataset.schema` and commit data/README.md")
    assert schema.render_readme(text) == text


def test_dictionary_has_a_row_for_every_column_of_every_file():
    text = schema.dictionary_markdown()
    for table in [*schema.PROCESSED_TABLES.values(), schema.FIGURES_RAW]:
        section = text.split(f"#### `{table.path}`", 1)[1].split("####", 1)[0]
        for name in table.columns:
            assert f"| `{name}` |" in section, f"{table.path}: no dictionary row for {name}"


def test_unit_vocabulary_lists_every_unit():
    text = schema.unit_vocabulary_markdown()
    for unit in units.UNITS:
        assert f"| `{unit}` |" in text


def test_table_schema_carries_the_field_constraints():
    fields = {f["name"]: f for f in schema.table_schema(schema.FIGURES)["fields"]}
    assert fields["evidence"]["constraints"] == {"required": True, "maxLength": 30}
    assert fields["qualifier"]["constraints"]["enum"] == ["exact", "approx", "at_least", "at_most"]
    assert fields["paragraph"]["constraints"] == {"required": True, "minimum": 0, "maximum": 999}
    assert fields["figure_id"]["constraints"]["unique"] is True
    assert fields["value"]["unit"]
    assert set(fields["unit"]["constraints"]["enum"]) == set(units.UNITS)
