"""The course map lists every lesson notebook that exists, and nothing that does not."""

from pathlib import Path

from treatylens.course import lesson_map

ROOT = Path(__file__).resolve().parents[1]


def test_every_lesson_notebook_is_on_the_map() -> None:
    on_disk = {p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb")}
    table = lesson_map()
    assert on_disk <= set(table["notebook"]), on_disk - set(table["notebook"])
    assert set(table.loc[table["available"], "notebook"]) == on_disk


def test_readme_lesson_map_names_every_available_lesson() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for notebook in lesson_map().query("available")["notebook"]:
        assert f"notebooks/{notebook}" in readme, f"README's lesson map lacks {notebook}"


def test_the_pandas_primer_comes_between_lessons_00_and_01() -> None:
    lessons = list(lesson_map()["lesson"])
    assert lessons.index("00b") == lessons.index("00") + 1 == lessons.index("01") - 1
    assert "00b_pandas_primer.ipynb" in set(lesson_map()["notebook"])
