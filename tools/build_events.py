"""Rebuild data/treaties/events.csv and meta.json from saved UNTC status pages.

Why a script: every row of the action log must come from a page cell or footnote (see
`treatylens.io.untc`), so the log is regenerated, not edited by hand. The saved pages are read
from wherever they are kept (they are not committed):

    .venv/bin/python tools/build_events.py \
        --ottawa ../shared/reference/untc/ottawa-status-2026-02-03.html \
        --ccm ../shared/reference/untc/ccm-status-2026-02-03.html

Rows that the pages cannot give (a national act that is not a depositary action) are listed
in SUPPLEMENTARY below, each with its own source; `treatylens data update-treaties` keeps
such rows because their source is not the UNTC page.

The script stops if a page's entry-into-force date disagrees with `treaties.TREATIES`, or if
the rebuilt log does not reproduce the page's own "Signatories" and "Parties" counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from treatylens.io.untc import EVENT_COLUMNS, page_actions, read_status_page, sort_events
from treatylens.treaties import TREATIES, load_events, load_states, untc_counts

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "data" / "treaties"

_UNTC_NO_UKR = (
    "The UNTC status page XXVI-5 as at 2026-02-03 shows no withdrawal notification by "
    "Ukraine, and under article 20(3) a withdrawal by a State Party engaged in an armed "
    "conflict cannot take effect before the conflict ends: Ukraine remains a State Party. "
    "Note-only event: it does not change status."
)
SUPPLEMENTARY = [
    {
        "iso3": "POL",
        "treaty": "ottawa",
        "action": "withdrawal_effective",
        "date": "2026-02-20",
        "source": (
            "UNTC XXVI-5 as at 2026-02-03, footnote 8 (depositary notification "
            "C.N.421.2025.TREATIES-XXVI-5): withdrawal 'will take effect' on 20 February 2026, "
            "subject to article 20(3); confirmed as taken effect by a report dated 2026-02-20: "
            "https://clashreport.com/world/articles/poland-exits-ottawa-treaty-eyes-mine-"
            "production-8c51msvl4wj"
        ),
        "note": (
            "Later than the UNTC snapshot: the date is the depositary's; that it took effect "
            "rests on a secondary report (Poland was not engaged in an armed conflict, so "
            "article 20(3) did not delay it). Check the UNTC page for a later depositary record."
        ),
    },
    {
        "iso3": "UKR",
        "treaty": "ottawa",
        "action": "note",
        "date": "2025-06-29",
        "source": (
            "news report of Presidential Decree No. 441/2025 (published on the website of the "
            "President of Ukraine): https://uanews.net/en/post/107917-ukraine-officially-exits-"
            "ottawa-convention-on-anti-personnel-mines"
        ),
        "note": (
            "Decree No. 441/2025 enacts the National Security and Defence Council decision of "
            "29 June 2025 'on Ukraine's withdrawal' from the Convention (a national decision). "
            + _UNTC_NO_UKR
        ),
    },
    {
        "iso3": "UKR",
        "treaty": "ottawa",
        "action": "note",
        "date": "2025-07-15",
        "source": (
            "news report dated 2025-07-15 citing the BBC (vote announced 'on Tuesday'): "
            "https://news.az/news/ukraine-suspends-participation-in-ottawa-convention-on-"
            "landmine-ban"
        ),
        "note": (
            "Verkhovna Rada voted (299 in favour) to 'temporarily suspend' Ukraine's "
            "participation in the Convention until the end of the conflict, as reported. "
            "The Convention has no suspension clause. " + _UNTC_NO_UKR
        ),
    },
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ottawa", type=Path, required=True, help="saved XXVI-5 status page")
    parser.add_argument("--ccm", type=Path, required=True, help="saved XXVI-6 status page")
    args = parser.parse_args()

    states = load_states(OUT / "states.csv")
    iso_by_name = dict(zip(states["name"], states["iso3"], strict=True))
    frames, meta = [], {"as_of": {}, "untc": {}}
    pages = {"ottawa": read_status_page(args.ottawa), "ccm": read_status_page(args.ccm)}
    for code, page in pages.items():
        treaty = TREATIES[code]
        if page.mtdsg_no != treaty.untc_mtdsg_no:
            sys.exit(f"{code}: page is {page.mtdsg_no}, expected {treaty.untc_mtdsg_no}")
        if page.entry_into_force != treaty.entry_into_force:
            sys.exit(f"{code}: page says entry into force {page.entry_into_force}")
        frames.append(page_actions(page, code, iso_by_name))
        meta["as_of"][code] = page.as_at.isoformat()
        meta["untc"][code] = {
            "page": page.url,
            "as_at": page.as_at.isoformat(),
            "signatories": page.signatories,
            "parties": page.parties,
        }
    frames.append(pd.DataFrame(SUPPLEMENTARY, columns=EVENT_COLUMNS))
    events = sort_events(pd.concat(frames, ignore_index=True))
    events.to_csv(OUT / "events.csv", index=False, lineterminator="\n")
    (OUT / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    loaded = load_events(OUT / "events.csv", states=states)
    for code, page in pages.items():
        got = untc_counts(code, page.as_at, events=loaded, states=states)
        want = {"signatories": page.signatories, "parties": page.parties}
        if got != want:
            sys.exit(f"{code}: log gives {got}, page prints {want}")
        print(f"{code}: {got} reproduces UNTC as at {page.as_at}")
    print(f"wrote {len(events)} rows to {OUT / 'events.csv'}")


if __name__ == "__main__":
    main()
