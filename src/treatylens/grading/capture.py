"""Answers out of a student's process as plain data, and back in as fresh, trusted objects.

The tests never run where the student's code ran. A submission's answers cross from its
sandbox to the grader as JSON: numbers, text, dates, containers and tables, each tagged with
its exact type. Whatever is not one of those (a figure, a widget, an object of the student's
own class, an `int` subclass with a forged `__eq__`) crosses as an `Opaque` stand-in that fails
every check. So no student object is ever compared, unpickled or called in the grader.
"""

from __future__ import annotations

import base64
import json
import math
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

MAX_ROWS = 20_000
"""Tables longer than this are not copied out: an answer is a summary, not a dump."""

MAX_DEPTH = 6
MAX_ITEMS = 20_000

_NUMPY_SCALARS: dict[str, type] = {
    t.__name__: t
    for t in (
        np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
        np.float16, np.float32, np.float64, np.bool_,
    )
}


class Opaque:
    """Stands for a value that could not cross as plain data; equal to nothing."""

    __slots__ = ("reason", "type_name")

    def __init__(self, type_name: str, reason: str) -> None:
        self.type_name = type_name
        self.reason = reason

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{self.type_name}: {self.reason}>"


def type_name(value: object) -> str:
    """`module.QualName` of the value's exact type, as the feedback shows it."""
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _float(value: float) -> Any:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def encode(value: object, depth: int = 0) -> dict[str, Any]:
    """A JSON-able description of `value` that `decode` turns back into an equal object.

    Exact types only (`type(x) is int`, not `isinstance`), so a subclass never passes as its
    base class.
    """
    kind = type(value)
    if depth > MAX_DEPTH:
        return {"t": "opaque", "type": type_name(value), "why": "nested too deeply"}
    if value is None or value is Ellipsis:
        return {"t": "none" if value is None else "ellipsis"}
    if kind is bool:
        return {"t": "bool", "v": value}
    if kind is int:
        return {"t": "int", "v": str(value)}
    if kind is float:
        return {"t": "float", "v": _float(value)}
    if kind is str:
        return {"t": "str", "v": value}
    if kind.__module__ == "numpy" and kind.__name__ in _NUMPY_SCALARS:
        item = value.item()  # type: ignore[attr-defined]
        return {"t": "np", "dtype": kind.__name__,
                "v": _float(item) if isinstance(item, float) else item}
    if kind is pd.Timestamp:
        return {"t": "timestamp", "v": None if pd.isna(value) else value.isoformat()}
    if kind is datetime:
        return {"t": "datetime", "v": value.isoformat()}
    if kind is date:
        return {"t": "date", "v": value.isoformat()}
    if kind in (list, tuple, set, frozenset):
        items = list(value)  # type: ignore[call-overload]
        if len(items) > MAX_ITEMS:
            return {"t": "opaque", "type": type_name(value), "why": f"{len(items)} items"}
        return {"t": kind.__name__, "v": [encode(item, depth + 1) for item in items]}
    if kind is dict:
        if len(value) > MAX_ITEMS:  # type: ignore[arg-type]
            return {"t": "opaque", "type": type_name(value), "why": f"{len(value)} items"}
        return {"t": "dict", "v": [[encode(k, depth + 1), encode(v, depth + 1)]
                                   for k, v in value.items()]}  # type: ignore[attr-defined]
    if kind is pd.Series:
        return _encode_series(value)  # type: ignore[arg-type]
    if kind is pd.DataFrame or type_name(value) == "geopandas.geodataframe.GeoDataFrame":
        return _encode_frame(value)  # type: ignore[arg-type]
    return {"t": "opaque", "type": type_name(value), "why": "not a plain value or table"}


def _too_long(frame: pd.DataFrame | pd.Series) -> dict[str, Any] | None:
    if len(frame) > MAX_ROWS:
        return {"t": "opaque", "type": type_name(frame), "why": f"{len(frame)} rows"}
    return None


def _column(series: pd.Series) -> dict[str, Any]:
    dtype = str(series.dtype)
    if type_name(series.dtype) == "geopandas.array.GeometryDtype":
        wkb = [None if g is None else base64.b64encode(g.wkb).decode() for g in series]
        return {"dtype": "geometry", "v": wkb}
    if dtype.startswith("datetime64"):
        return {"dtype": dtype, "v": [None if pd.isna(x) else x.isoformat() for x in series]}
    if dtype in ("object", "string", "str", "category") or dtype.startswith("string"):
        return {"dtype": dtype, "v": [encode(x, 3) for x in series.tolist()]}
    return {"dtype": dtype, "v": [_float(x) if isinstance(x, float) else x
                                  for x in series.tolist()]}


def _encode_series(series: pd.Series) -> dict[str, Any]:
    if (refused := _too_long(series)) is not None:
        return refused
    return {"t": "series", "name": encode(series.name, 3),
            "index": _column(series.index.to_series()),
            "index_name": encode(series.index.name, 3), "data": _column(series)}


def _encode_frame(frame: pd.DataFrame) -> dict[str, Any]:
    if (refused := _too_long(frame)) is not None:
        return refused
    if frame.columns.duplicated().any():
        return {"t": "opaque", "type": type_name(frame), "why": "duplicate column names"}
    geo = type_name(frame) == "geopandas.geodataframe.GeoDataFrame"
    out: dict[str, Any] = {
        "t": "geoframe" if geo else "frame",
        "index": _column(frame.index.to_series()),
        "index_name": encode(frame.index.name, 3),
        "columns": [[encode(name, 3), _column(frame[name])] for name in frame.columns],
    }
    if geo:
        crs = frame.crs
        out["crs"] = None if crs is None else crs.to_wkt()
        active = getattr(frame, "_geometry_column_name", None)
        out["geometry"] = active if active in frame.columns else None
    return out


def _decode_column(spec: dict[str, Any]) -> pd.Series:
    dtype, values = spec["dtype"], spec["v"]
    if dtype == "geometry":
        import geopandas as gpd
        import shapely

        geoms = [None if v is None else shapely.from_wkb(base64.b64decode(v)) for v in values]
        return gpd.GeoSeries(geoms)
    if dtype.startswith("datetime64"):
        if not values:
            return pd.Series([], dtype=dtype)
        return pd.Series(pd.to_datetime(values)).astype(dtype)
    if dtype in ("object", "string", "str", "category") or dtype.startswith("string"):
        series = pd.Series([decode(v) for v in values], dtype="object")
        return series.astype(dtype) if dtype != "object" else series
    floats = [float(v) if isinstance(v, str) else v for v in values]
    return pd.Series(floats, dtype=dtype)


def _decode_index(spec: dict[str, Any]) -> pd.Index:
    index = pd.Index(_decode_column(spec["index"]))
    index.name = _decode(spec.get("index_name", {"t": "none"}))
    return index


def decode(spec: dict[str, Any]) -> Any:
    """The value `encode` described; an `Opaque` for anything it refused or cannot read."""
    try:
        return _decode(spec)
    except Exception as error:  # a malformed spec means a tampered channel: never trust it
        return Opaque("unreadable", f"could not be read back ({type(error).__name__})")


def _decode(spec: dict[str, Any]) -> Any:
    tag = spec["t"]
    value = spec.get("v")
    if tag == "none":
        return None
    if tag == "ellipsis":
        return Ellipsis
    if tag == "bool":
        return bool(value)
    if tag == "int":
        return int(value)
    if tag == "float":
        return float(value)
    if tag == "str":
        return str(value)
    if tag == "np":
        return _NUMPY_SCALARS[spec["dtype"]](float(value) if isinstance(value, str) else value)
    if tag == "timestamp":
        return pd.NaT if value is None else pd.Timestamp(value)
    if tag == "datetime":
        return datetime.fromisoformat(value)
    if tag == "date":
        return date.fromisoformat(value)
    if tag in ("list", "tuple", "set", "frozenset"):
        items = [_decode(item) for item in value]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {_decode(k): _decode(v) for k, v in value}
    if tag == "series":
        series = _decode_column(spec["data"])
        series.index = _decode_index(spec)
        series.name = _decode(spec["name"])
        return series
    if tag in ("frame", "geoframe"):
        columns = {_decode(name): _decode_column(col) for name, col in spec["columns"]}
        index = _decode_index(spec)
        for column in columns.values():
            column.index = index
        frame = pd.DataFrame(columns, index=index)
        if tag == "geoframe":
            import geopandas as gpd

            geometry = spec.get("geometry")
            return gpd.GeoDataFrame(frame, geometry=geometry if geometry in frame else None,
                                    crs=spec.get("crs"))
        return frame
    if tag == "opaque":
        return Opaque(str(spec.get("type", "?")), str(spec.get("why", "")))
    raise ValueError(f"unknown tag {tag!r}")


def dumps(spec: dict[str, Any]) -> str:
    """One line of JSON (no NaN literals: they are encoded as text above)."""
    return json.dumps(spec, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
