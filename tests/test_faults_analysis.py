"""Wrong parameter types, as papermill passes them (``-p formats 5`` gives the number 5),
stop a notebook's first cell with a ParameterError listing the valid values, never a
raw TypeError."""
from __future__ import annotations

import pytest

from lingyuan.analysis import params
from lingyuan.analysis.params import ParameterError


@pytest.mark.parametrize("formats", [5, 2.5, None, {"png": 1}, True])
def test_formats_of_a_wrong_type_list_the_valid_values(formats):
    with pytest.raises(ParameterError, match="valid values: png, svg, pdf"):
        params.check_formats(formats)


@pytest.mark.parametrize("lang", [5, None, ["zh"]])
def test_lang_of_a_wrong_type_lists_the_valid_values(lang):
    with pytest.raises(ParameterError, match="valid values: zh, en"):
        params.check_lang(lang)


@pytest.mark.parametrize("path", [5, None, ""])
def test_a_folder_parameter_of_a_wrong_type_says_what_to_give(path):
    with pytest.raises(ParameterError, match="give a folder path as text"):
        params.check_all(lang="en", formats=["png"], data_dir=path)


def test_good_values_pass():
    assert params.check_all(lang="zh", formats="png, svg", data_dir="data/processed") == ["png", "svg"]
