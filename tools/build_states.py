"""Rebuild data/treaties/states.csv: the 197 states that can join the two conventions.

Why a script: the list must be reproducible and its every column traceable to a published
file, not typed from memory. It runs OUTSIDE the course environment, in a throwaway venv,
because the packages it reads are not course dependencies:

    python3 -m venv /tmp/tvenv
    /tmp/tvenv/bin/pip install country_converter==1.3.2 pycountry==26.2.16 "pandas<3"
    /tmp/tvenv/bin/pip install --no-deps hdx-python-country==4.2.5
    /tmp/tvenv/bin/python tools/build_states.py \
        --untc-page ../shared/reference/untc/ottawa-status-2026-02-03.html \
        --untc-page ../shared/reference/untc/ccm-status-2026-02-03.html

Add `--check` to compare the committed states.csv with a rebuild without writing anything (it
exits 1 and lists the differences). Nothing here reaches the network: every input is a file
shipped inside one of those packages or a saved page. (country_converter 1.3.2 does not load
under pandas 3, hence "pandas<3"; hdx-python-country is installed without its dependencies
because only its data file is read.)

Derivation, column by column:

- which states: every row of country_converter's `country_data.tsv` with a UN membership year
  (`UNmember`), i.e. the 193 UN members, plus the four non-members that the depositary
  treats as able to join ("all States"): Holy See, State of Palestine, Cook Islands, Niue;
- iso3: `ISO3`; m49: `UNcode`, zero-padded to three digits as M49 writes it;
- un_member: whether `UNmember` is filled;
- subregion / intermediate_region: `UNregion` holds the most detailed M49 level. Seven of its
  values are M49 *intermediate* regions; their M49 sub-region is set from the M49 hierarchy
  in INTERMEDIATE (the only structure this script adds; it is the published M49 tree,
  https://unstats.un.org/unsd/methodology/m49/);
- region: the M49 region of that sub-region (REGION_OF), cross-checked against
  country_converter's own `continent` column: the script stops on any disagreement;
- M49 cross-check: m49, region, sub-region and intermediate region of every state are compared
  with the "M49 English" hierarchy columns of OCHA's Countries & Territories Taxonomy, the file
  `Countries & Territories Taxonomy MVP - C&T Taxonomy.csv` shipped in the PyPI package
  `hdx-python-country` 4.2.5 (MIT; OCHA's Humanitarian Data Exchange, which takes the M49
  codes and groupings from the UN Statistics Division's M49 standard,
  https://unstats.un.org/unsd/methodology/m49/). Where the two disagree, the taxonomy wins
  only for the states listed in CONVERTER_ERRORS, each with the reason; any other
  disagreement stops the script. (Before this check, country_converter's "Polynesia" for
  Nauru went unnoticed: M49 lists Nauru, 520, under Micronesia, 057.)
- name: the participant name as the UNTC status pages spell it, for every state that appears
  on one of the given pages (matched to ISO3 with country_converter's regular expressions,
  and the match must be one-to-one); otherwise pycountry's ISO 3166 short name, except for
  the few ISO names in inverted "X, Y of" form or a short form the UN does not use (see
  UN_STYLE), which are rewritten in the UN's word order. Those rows are listed in the
  datasheet as not checked against a UNTC page.
"""

from __future__ import annotations

import argparse
import csv
import sys
from importlib.metadata import files, version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from treatylens.io.untc import read_status_page  # noqa: E402

NON_MEMBERS = {"VAT", "PSE", "COK", "NIU"}  # Holy See, State of Palestine, Cook Islands, Niue
EXPECTED = 197

INTERMEDIATE = {
    "Caribbean": "Latin America and the Caribbean",
    "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
}
REGION_OF = {
    "Northern Africa": "Africa",
    "Sub-Saharan Africa": "Africa",
    "Latin America and the Caribbean": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
CONTINENT_TO_REGION = {"America": "Americas"}  # country_converter's spelling -> M49's

# Where country_converter 1.3.2's `UNregion` is wrong by the M49 taxonomy, with the reason; the
# taxonomy's value is used for these and only these.
CONVERTER_ERRORS = {
    "NRU": "country_converter puts Nauru in Polynesia; M49 lists Nauru (520) under "
    "Micronesia (057)",
}
M49_PACKAGE = "hdx-python-country"
M49_FILE = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
M49_FIELDS = ("m49", "region", "subregion", "intermediate_region")

# ISO 3166 short names that the UN writes differently; only used for states on no UNTC page.
UN_STYLE = {
    "FSM": "Micronesia (Federated States of)",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea",
    "USA": "United States of America",
}

COLUMNS = [
    "iso3", "name", "m49", "region", "subregion", "intermediate_region", "un_member",
    "name_source",
]


def untc_names(pages: list[Path], converter) -> dict[str, str]:
    """ISO3 -> the UNTC spelling, from the participants of the saved status pages."""
    names: dict[str, str] = {}
    for page_path in pages:
        for participant in read_status_page(page_path).participants:
            iso3 = converter.convert(participant.name, to="ISO3", not_found=None)
            if not isinstance(iso3, str):
                sys.exit(f"{page_path}: cannot match UNTC name {participant.name!r} to ISO3")
            if names.get(iso3, participant.name) != participant.name:
                sys.exit(f"{iso3}: two UNTC spellings {names[iso3]!r}, {participant.name!r}")
            names[iso3] = participant.name
    return names


def read_m49_taxonomy(path: Path) -> dict[str, dict[str, str]]:
    """ISO3 -> the M49 code and hierarchy names of OCHA's C&T taxonomy (non-deprecated rows)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        iso3 = row["ISO 3166-1 Alpha 3-Codes"].strip()
        if not iso3 or row["Deprecated"].strip() == "Y" or not row["m49 numerical code"]:
            continue
        table[iso3] = {
            "m49": f"{int(row['m49 numerical code']):03d}",
            "region": row["Region Name"].strip(),
            "subregion": row["Sub-region Name"].strip(),
            "intermediate_region": row["Intermediate Region Name"].strip(),
        }
    return table


def m49_taxonomy_path() -> Path:
    """Where the installed hdx-python-country package keeps its taxonomy CSV."""
    for entry in files(M49_PACKAGE) or []:
        if entry.name == M49_FILE:
            return Path(str(entry.locate()))
    sys.exit(f"{M49_PACKAGE} is installed but has no {M49_FILE!r}")


def m49_disagreements(
    rows: list[dict[str, str]], taxonomy: dict[str, dict[str, str]]
) -> dict[str, list[str]]:
    """ISO3 -> what differs between a states row and the M49 taxonomy ("subregion: A vs B").

    Pure, so that the cross-check itself is unit-tested (tests/test_build_states.py): a state
    missing from the taxonomy is a disagreement too, never silently passed.
    """
    problems: dict[str, list[str]] = {}
    for row in rows:
        reference = taxonomy.get(row["iso3"])
        if reference is None:
            problems[row["iso3"]] = ["not in the M49 taxonomy"]
            continue
        diffs = [
            f"{name}: {row[name]!r} vs M49 {reference[name]!r}"
            for name in M49_FIELDS
            if row[name] != reference[name]
        ]
        if diffs:
            problems[row["iso3"]] = diffs
    return problems


def apply_m49(
    rows: list[dict[str, str]], taxonomy: dict[str, dict[str, str]]
) -> list[dict[str, str]]:
    """Rows with CONVERTER_ERRORS corrected from the taxonomy; any other disagreement stops."""
    problems = m49_disagreements(rows, taxonomy)
    unexplained = {iso3: p for iso3, p in problems.items() if iso3 not in CONVERTER_ERRORS}
    if unexplained:
        lines = [f"  {iso3}: {'; '.join(p)}" for iso3, p in sorted(unexplained.items())]
        sys.exit("M49 cross-check failed (country_converter vs the M49 taxonomy):\n"
                 + "\n".join(lines))
    stale = sorted(set(CONVERTER_ERRORS) - set(problems))
    if stale:
        sys.exit(f"CONVERTER_ERRORS lists {stale}, which now agree with M49: remove them")
    fixed = []
    for row in rows:
        if row["iso3"] in CONVERTER_ERRORS:
            row = {**row, **{k: taxonomy[row["iso3"]][k] for k in M49_FIELDS}}
        fixed.append(row)
    return fixed


def build(pages: list[Path]) -> list[dict[str, str]]:
    import country_converter as coco
    import pycountry

    converter = coco.CountryConverter()
    tsv = Path(coco.__file__).parent / "country_data.tsv"
    with tsv.open(encoding="utf-8", newline="") as handle:
        data = list(csv.DictReader(handle, delimiter="\t"))
    chosen = [r for r in data if r["UNmember"].strip() or r["ISO3"] in NON_MEMBERS]
    if len(chosen) != EXPECTED:
        sys.exit(f"expected {EXPECTED} states, country_converter gives {len(chosen)}")
    from_untc = untc_names(pages, converter)
    stray = set(from_untc) - {r["ISO3"] for r in chosen}
    if stray:
        sys.exit(f"UNTC participants outside the 197: {sorted(stray)}")

    rows = []
    for rec in chosen:
        iso3 = rec["ISO3"]
        detailed = rec["UNregion"]
        subregion = INTERMEDIATE.get(detailed, detailed)
        if subregion not in REGION_OF:
            sys.exit(f"{iso3}: UNregion {detailed!r} is not a known M49 (intermediate) region")
        region = REGION_OF[subregion]
        continent = CONTINENT_TO_REGION.get(rec["continent"], rec["continent"])
        if continent != region:
            sys.exit(f"{iso3}: M49 region {region!r} disagrees with continent {continent!r}")
        if iso3 in from_untc:
            name, name_source = from_untc[iso3], "untc"
        elif iso3 in UN_STYLE:
            name, name_source = UN_STYLE[iso3], "iso3166-un-style"
        else:
            name, name_source = pycountry.countries.get(alpha_3=iso3).name, "iso3166"
        rows.append(
            {
                "iso3": iso3,
                "name": name,
                "m49": f"{int(rec['UNcode']):03d}",
                "region": region,
                "subregion": subregion,
                "intermediate_region": detailed if detailed in INTERMEDIATE else "",
                "un_member": "true" if rec["UNmember"].strip() else "false",
                "name_source": name_source,
            }
        )
    rows.sort(key=lambda r: r["iso3"])
    rows = apply_m49(rows, read_m49_taxonomy(m49_taxonomy_path()))
    if len({r["name"] for r in rows}) != EXPECTED:
        sys.exit("two states share a name")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--untc-page", action="append", type=Path, default=[], required=True)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "treaties" / "states.csv")
    parser.add_argument("--check", action="store_true",
                        help="compare --out with a rebuild; write nothing, exit 1 on a difference")
    args = parser.parse_args()
    rows = build(args.untc_page)
    if args.check:
        with args.out.open(encoding="utf-8", newline="") as handle:
            committed = {r["iso3"]: r for r in csv.DictReader(handle)}
        rebuilt = {r["iso3"]: r for r in rows}
        diffs = [
            f"{iso3}: {column} {committed.get(iso3, {}).get(column)!r} -> "
            f"{rebuilt.get(iso3, {}).get(column)!r}"
            for iso3 in sorted(set(committed) | set(rebuilt))
            for column in COLUMNS
            if committed.get(iso3, {}).get(column) != rebuilt.get(iso3, {}).get(column)
        ]
        print("\n".join(diffs) or f"{args.out}: matches a rebuild ({len(rows)} states)")
        sys.exit(1 if diffs else 0)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sources = sorted({r["name_source"] for r in rows})
    counts = {s: sum(r["name_source"] == s for r in rows) for s in sources}
    print(
        f"wrote {len(rows)} states to {args.out} "
        f"(country_converter {version('country_converter')}, pycountry {version('pycountry')}, "
        f"{M49_PACKAGE} {version(M49_PACKAGE)}; corrected from M49: {sorted(CONVERTER_ERRORS)}; "
        f"names by source: {counts})"
    )


if __name__ == "__main__":
    main()
