"""The `treatylens` command, called in-process through main(argv)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from treatylens.cli import main
from treatylens.io import untc
from treatylens.paths import REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "untc"
OTTAWA_PAGE = FIXTURES / "ottawa-mini.html"
PAGE_SOURCE = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26"
    " as at 2026-02-03"
)


def test_status_csv(capsys):
    assert main(["status", "--treaty", "ccm", "--as-of", "2023-07-11", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert list(table.columns) == ["iso3", "name", "status", "joined"]
    assert len(table) == 197
    assert (table["status"] == "party").sum() == 111
    nigeria = table.set_index("iso3").loc["NGA"]
    assert (nigeria["status"], nigeria["joined"]) == ("party", "2023-02-28")
    assert table.set_index("iso3").loc["AGO", "joined"] == ""


def test_status_table(capsys):
    assert main(["status", "--treaty", "ottawa", "--as-of", "2024-11-20",
                 "--format", "table"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["iso3", "name", "status", "joined"]
    assert len(lines) == 198
    assert any(line.split()[:2] == ["MHL", "Marshall"] and "signatory" in line
               for line in lines)


def test_date_before_treaty_exists_exits_2(capsys):
    assert main(["status", "--treaty", "ccm", "--as-of", "2001-01-01"]) == 2
    captured = capsys.readouterr()
    assert "opened for signature on 2008-12-03" in captured.err
    assert captured.out == ""


def test_date_after_data_warns_on_stderr_and_still_prints(capsys):
    assert main(["status", "--treaty", "ottawa", "--as-of", "2026-06-01",
                 "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "2026-02-03" in captured.err
    assert captured.out.startswith("iso3,name,status,joined\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--treaty", "oslo", "--as-of", "2020-01-01"],
        ["status", "--treaty", "ccm", "--as-of", "1 May 2020"],
        ["status", "--treaty", "ccm"],
        [],
    ],
)
def test_usage_errors_are_argparse_errors(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "usage: treatylens" in capsys.readouterr().err


def test_broken_data_file_exits_1_naming_file_and_line(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "treaties"
    shutil.copytree(REPO_ROOT / "data" / "treaties", folder)
    with (folder / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("XKX,ccm,signature,2009-01-01,somewhere,\n")
    monkeypatch.setenv("TREATYLENS_DATA", str(tmp_path))
    assert main(["status", "--treaty", "ccm", "--as-of", "2020-01-01"]) == 1
    err = capsys.readouterr().err
    lines = (folder / "events.csv").read_text(encoding="utf-8").count("\n")
    assert f"events.csv, line {lines}: unknown ISO code 'XKX'" in err


# --- data update-treaties ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2026-02-30", "2026-02-30 is not a date: February 2026 has 28 days"),
        ("2024-02-30", "2024-02-30 is not a date: February 2024 has 29 days"),
        ("2026-13-01", "2026-13-01 is not a date: there is no month 13"),
        ("1 May 2020", "'1 May 2020' is not a YYYY-MM-DD date"),
        ("20260203", "'20260203' is not a YYYY-MM-DD date"),
    ],
)
def test_impossible_day_is_not_called_a_format_error(as_of, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["status", "--treaty", "ccm", "--as-of", as_of])
    assert exit_.value.code == 2
    assert f"argument --as-of: {message}" in capsys.readouterr().err


def _make_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ottawa_as_of: str,
                      drop: tuple[str, str] = ("JPN", "acceptance")) -> Path:
    """A data folder whose events.csv is the fixture page's rows, with three differences:
    the `drop` row is missing (to add), AFG's accession is a day early (to change), and a NOR
    signature is not on the page (to remove). meta.json says the Ottawa rows are checked to
    `ottawa_as_of`, which must not be earlier than any row kept."""
    folder = tmp_path / "treaties"
    folder.mkdir()
    shutil.copy(REPO_ROOT / "data" / "treaties" / "states.csv", folder / "states.csv")
    states = pd.read_csv(folder / "states.csv", dtype=str, keep_default_na=False)
    page = untc.read_status_page(OTTAWA_PAGE)
    rows = untc.page_actions(page, "ottawa", dict(zip(states["name"], states["iso3"],
                                                      strict=True)))
    rows = rows[~((rows["iso3"] == drop[0]) & (rows["action"] == drop[1]))]  # to add
    rows.loc[rows["iso3"] == "AFG", "date"] = "2002-09-10"  # to change
    extra = [
        {"iso3": "NOR", "treaty": "ottawa", "action": "signature", "date": "1997-12-03",
         "source": PAGE_SOURCE, "note": ""},  # to remove: not on the page
        {"iso3": "UKR", "treaty": "ottawa", "action": "note", "date": "2025-07-15",
         "source": "news report https://example.org/", "note": "national act"},  # kept
        {"iso3": "NOR", "treaty": "ccm", "action": "signature", "date": "2008-12-03",
         "source": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-6"
                   "&chapter=26 as at 2026-02-03", "note": ""},  # other treaty: untouched
    ]
    events = untc.sort_events(pd.concat([rows, pd.DataFrame(extra)], ignore_index=True))
    events.to_csv(folder / "events.csv", index=False, lineterminator="\n")
    (folder / "meta.json").write_text(
        json.dumps({"as_of": {"ottawa": ottawa_as_of, "ccm": "2026-02-03"}}), encoding="utf-8"
    )
    # the page has Montenegro's succession, whose in-force date is stated, not computed
    stated = pd.read_csv(REPO_ROOT / "data" / "treaties" / "in_force_exceptions.csv",
                         dtype=str, keep_default_na=False)
    stated[stated["iso3"] == "MNE"].to_csv(folder / "in_force_exceptions.csv", index=False,
                                           lineterminator="\n")
    monkeypatch.setenv("TREATYLENS_DATA", str(tmp_path))
    return folder


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    """The fixture page's rows with three differences, checked to 2025-12-31."""
    return _make_data_folder(tmp_path, monkeypatch, "2025-12-31")


def update(*extra: str) -> int:
    return main(["data", "update-treaties", "--treaty", "ottawa",
                 "--untc-page", str(OTTAWA_PAGE), *extra])


def test_update_treaties_dry_run_prints_and_writes_nothing(data_folder, capsys):
    before = (data_folder / "events.csv").read_bytes()
    assert update() == 0
    out = capsys.readouterr().out
    assert "+ add     JPN ottawa acceptance 1998-09-30" in out
    assert "~ change  AFG ottawa accession 2002-09-10" in out
    assert "to   AFG ottawa accession 2002-09-11" in out
    assert "- remove  NOR ottawa signature 1997-12-03" in out
    assert "1 to add, 1 to change, 1 to remove" in out
    assert "1 rows with other sources are kept" in out
    assert "nothing written" in out
    assert (data_folder / "events.csv").read_bytes() == before


def test_update_treaties_write_applies_and_keeps_other_rows(data_folder, capsys):
    assert update("--write") == 0
    assert "wrote" in capsys.readouterr().out
    events = pd.read_csv(data_folder / "events.csv", dtype=str, keep_default_na=False)
    assert events.equals(untc.sort_events(events))
    keys = set(zip(events["iso3"], events["treaty"], events["action"], events["date"],
                   strict=True))
    assert ("JPN", "ottawa", "acceptance", "1998-09-30") in keys
    assert ("AFG", "ottawa", "accession", "2002-09-11") in keys
    assert ("AFG", "ottawa", "accession", "2002-09-10") not in keys
    assert ("NOR", "ottawa", "signature", "1997-12-03") not in keys
    assert ("UKR", "ottawa", "note", "2025-07-15") in keys
    assert ("NOR", "ccm", "signature", "2008-12-03") in keys
    meta = json.loads((data_folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["as_of"] == {"ottawa": "2026-02-03", "ccm": "2026-02-03"}
    assert meta["untc"]["ottawa"]["parties"] == 7
    # a second run finds nothing left to do
    assert update() == 0
    assert "0 to add, 0 to change, 0 to remove" in capsys.readouterr().out


def test_update_treaties_refuses_page_of_the_other_treaty(data_folder, capsys):
    code = main(["data", "update-treaties", "--treaty", "ccm", "--untc-page",
                 str(FIXTURES / "ottawa-mini.html")])
    assert code == 2
    assert "XXVI-5" in capsys.readouterr().err


def test_update_treaties_missing_page_exits_2(data_folder, tmp_path, capsys):
    assert main(["data", "update-treaties", "--treaty", "ottawa", "--untc-page",
                 str(tmp_path / "nope.html")]) == 2
    assert "nope.html" in capsys.readouterr().err


def test_update_treaties_accepts_page_rows_later_than_the_old_as_of(tmp_path, monkeypatch,
                                                                    capsys):
    """The new page's rows are checked against the page's date, not the old meta.json."""
    folder = _make_data_folder(tmp_path, monkeypatch, "2025-12-01",
                               drop=("EST", "withdrawal_effective"))
    assert update("--write") == 0
    assert "wrote" in capsys.readouterr().out
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    assert ("EST", "withdrawal_effective", "2025-12-27") in set(
        zip(events["iso3"], events["action"], events["date"], strict=True))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["as_of"]["ottawa"] == "2026-02-03"
