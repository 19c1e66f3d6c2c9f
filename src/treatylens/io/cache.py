"""Read each data file once per process, and hand out copies.

The loaders validate every row (file, line and problem named on error), which is worth doing
once, not on every call: one lesson or one graded notebook used to re-read and re-validate the
same files hundreds of times (`load_metadata` alone 185 times in one assignment). `load_once`
caches a loader's result for as long as no file under the data folder (or a file passed as an
argument) changes, and returns a copy so that a caller who edits the table cannot change what
the next caller gets. Errors are never cached: a broken file fails every time.
"""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from treatylens.paths import data_dir

T = TypeVar("T")
_CACHE: dict[tuple, Any] = {}
MAX_ENTRIES = 256


def _stamp(folder: Path) -> tuple:
    """(name, size, mtime) of every file under `folder`: changes whenever a file does."""
    entries = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:
                continue
            entries.append((root, name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(entries))


def _file_stamp(value: object) -> object:
    if isinstance(value, (str, Path)):
        path = Path(value)
        try:
            info = path.stat()
        except OSError:
            return (str(value), None)
        return (str(path.resolve()), info.st_size, info.st_mtime_ns)
    return value


def _copy(value: T) -> T:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=True)
    if isinstance(value, (str, bytes, int, float, tuple, frozenset)) or value is None:
        return value
    return copy.deepcopy(value)


def load_once(loader: Callable[..., T]) -> Callable[..., T]:
    """Cache `loader` on its arguments and the state of the data files; return copies.

    Calls with an argument that cannot be a cache key (a DataFrame, a list) are passed through
    uncached, so tests that hand a loader their own tables still see their own tables.
    """

    @functools.wraps(loader)
    def cached(*args: Any, **kwargs: Any) -> T:
        try:
            key = (
                loader.__module__, loader.__qualname__,
                tuple(_file_stamp(a) for a in args),
                tuple(sorted((k, _file_stamp(v)) for k, v in kwargs.items())),
                str(data_dir()), _stamp(data_dir()),
            )
            hash(key)
        except TypeError:
            return loader(*args, **kwargs)
        if key not in _CACHE:
            value = loader(*args, **kwargs)
            while len(_CACHE) >= MAX_ENTRIES:  # drop the oldest (dicts keep insertion order)
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = value
        return _copy(_CACHE[key])

    cached.cache_clear = _CACHE.clear  # type: ignore[attr-defined]
    return cached


def clear() -> None:
    """Forget every cached table (tests that rewrite files in place may call it)."""
    _CACHE.clear()
