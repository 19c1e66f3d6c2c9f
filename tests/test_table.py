"""The one CSV reader of the data layer: the line of every row, and errors that name it."""

from __future__ import annotations

import pytest

from treatylens.errors import DataFileError
from treatylens.io._table import read_table
from treatylens.io.statehood import load_new_states


def test_lines_count_quoted_line_breaks(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"two\nlines"\n\n3,x\n', encoding="utf-8")
    table, lines = read_table(path, ("a", "b"))
    assert list(table["a"]) == ["1", "3"] and lines == [2, 5]
    assert table["b"].iloc[0] == "two\nlines"


@pytest.mark.parametrize("text, line, needle", [
    ('a,b\n1,2,3\n', 2, "3 fields where the header has 2"),
    ('a,b\n1\n', 2, "missing field"),
    ('a,b\n1,"open\n', 2, "unclosed double quote"),
    ('', 1, "empty file"),
    ('x,y\n1,2\n', 1, "missing column(s): a"),
])
def test_bad_files_name_file_line_and_problem(tmp_path, text, line, needle):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_table(path, ("a",))
    assert needle in str(info.value) and str(path) in str(info.value)
    assert info.value.line == line


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n\xff\n")
    with pytest.raises(DataFileError, match="not UTF-8"):
        read_table(path)
    with pytest.raises(DataFileError, match="file not found"):
        read_table(tmp_path / "none.csv")


def test_a_loader_reports_the_right_line_after_a_multiline_note(tmp_path):
    """Loaders that counted `offset + 2` named the wrong line once a note spanned two lines."""
    path = tmp_path / "new_states.csv"
    path.write_text(
        "iso3,state_from,event,source,note\n"
        'SSD,2011-07-09,independence,"UN press release","first line\nsecond line"\n'
        "TLS,2002-13-20,independence,UN,\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_new_states(path)
    assert info.value.line == 4
