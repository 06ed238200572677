"""Clean-text offsets to raw-text offsets for any extraction record, nested ones included.

Records mark their spans with `start`/`end` fields and `*_span` tuple fields; they may hold
other records (a Target's Quantity) or tuples of them (an EntityExtraction's bases). One
recursive function maps them all, so a new record type needs no new mapping code.

A report yields thousands of such records, so the copy avoids `dataclasses.replace` (which
re-inspects the class and runs `__init__` on every call): the fields of each class are looked up
once, and the copy is filled slot by slot. Records are frozen slotted dataclasses without
`__post_init__`, so nothing is skipped by not calling `__init__`.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from .clean import CleanText

R = TypeVar("R")
_set = object.__setattr__  # frozen dataclasses refuse the ordinary setattr
_PLAIN = (str, int, float, type(None))


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _is_record(value: Any) -> bool:
    return is_dataclass(value) and not isinstance(value, type)


def to_raw_record(clean: CleanText, record: R) -> R:
    """A copy of `record` whose spans are raw offsets."""
    cls = type(record)
    names = _field_names(cls)
    copy = object.__new__(cls)
    for name in names:
        value = getattr(record, name)
        if isinstance(value, tuple):
            if name.endswith("_span") and len(value) == 2 and isinstance(value[0], int):
                value = clean.to_raw(*value)
            elif value and _is_record(value[0]):
                value = tuple(to_raw_record(clean, v) for v in value)
        elif not isinstance(value, _PLAIN) and _is_record(value):
            value = to_raw_record(clean, value)
        _set(copy, name, value)
    if "start" in names and "end" in names:
        start, end = clean.to_raw(record.start, record.end)
        _set(copy, "start", start)
        _set(copy, "end", end)
    return copy
