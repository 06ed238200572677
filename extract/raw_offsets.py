"""Clean-text offsets to raw-text offsets for any extraction record, nested ones included.

Records mark their spans with `start`/`end` fields and `*_span` tuple fields; they may hold
other records (a Target's Quantity) or tuples of them (an EntityExtraction's bases). One
recursive function maps them all, so a new record type needs no new mapping code.

A report yields thousands of such records, so the copy avoids `dataclasses.replace` (which
re-inspects the class and runs `__init__` on every call) and any per-field type test: the role
of every field of a class (copied, a span, a record, a tuple of records) is read once from its
type hints, and a copying function written out for the class fills the copy slot by slot,
through the slots' own descriptors (a third faster than `object.__setattr__`, which looks the
name up first, and twice as fast as the dataclass `__init__`). A field whose hint says neither
(`Any`) is tested value by value. Records are frozen slotted dataclasses without
`__post_init__`, so nothing is skipped by not calling `__init__`.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from .clean import CleanText

R = TypeVar("R")
_set = object.__setattr__  # frozen dataclasses refuse the ordinary setattr
_new = object.__new__
_PLAIN = (str, int, float, bool, type(None))
Span = Callable[[int, int], tuple[int, int]]  # clean span -> raw span

# Field roles.
_COPY, _SPAN, _RECORD, _RECORDS, _ANY = range(5)


def _is_record(value: Any) -> bool:
    return is_dataclass(value) and not isinstance(value, type)


def _members(hint: Any) -> tuple[Any, ...]:
    """The alternatives of a union hint (X | None), else the hint alone."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _role(name: str, hint: Any) -> int:
    """How `to_raw_record` treats a field with this name and type hint."""
    members = [m for m in _members(hint) if m is not type(None)]
    if len(members) != 1:
        return _ANY
    (hint,) = members
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and is_dataclass(hint):
        return _RECORD
    if origin is tuple:
        if name.endswith("_span") and args == (int, int):
            return _SPAN
        if len(args) == 2 and args[1] is Ellipsis:
            item = args[0]
            if isinstance(item, type) and is_dataclass(item):
                return _RECORDS
            return _COPY if _plain_hint(item) else _ANY
        return _COPY if all(_plain_hint(a) for a in args) else _ANY
    return _COPY if _plain_hint(hint) else _ANY


def _plain_hint(hint: Any) -> bool:
    """A hint whose values hold no record and no span (str, int, a Literal of strings …)."""
    if typing.get_origin(hint) is typing.Literal:
        return True
    return all(m in _PLAIN for m in _members(hint))


@cache
def _plan(cls: type) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...], bool]:
    """(fields copied as they are, (field, role) of the others, has start/end) of a record class."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a hint that does not resolve: decide by the values
        hints = {}
    names = [f.name for f in fields(cls)]
    has_span = "start" in names and "end" in names
    copied, mapped = [], []
    for name in names:
        role = _role(name, hints[name]) if name in hints else _ANY
        if has_span and name in ("start", "end"):
            continue  # set from the mapped span
        if role == _COPY:
            copied.append(name)
        else:
            mapped.append((name, role))
    return tuple(copied), tuple(mapped), has_span


def to_raw_record(clean: CleanText, record: R, span: Span | None = None) -> R:
    """A copy of `record` whose spans are raw offsets (`span`: `clean`'s map as a function,
    when the caller maps many records)."""
    return _copy(span or clean.offsets.span, record)


def to_raw_records(
    clean: CleanText, records: Iterable[R], span: Span | None = None
) -> tuple[R, ...]:
    """`to_raw_record` for each of `records`."""
    span = span or clean.offsets.span_function()
    return tuple([_copy(span, record) for record in records])


def _copy(span: Span, record: Any) -> Any:
    cls: Any = type(record)  # typeshed does not count a class as Hashable for the cache
    return _converter(cls)(span, record)


@cache
def _converter(cls: Any) -> Callable[[Span, Any], Any]:
    """The copying function of one record class, written out field by field from its plan.

    Generated code, as `dataclasses` does for `__init__`: a loop over the field names with
    `getattr` costs twice as much, and there are thousands of records per document.
    """
    copied, mapped, has_span = _plan(cls)
    env: dict[str, Any] = {
        "cls": cls,
        "new": _new,
        "conv": _converter,
        "any_": _convert_any,
    }
    for name in [*copied, *(name for name, _ in mapped), *(("start", "end") if has_span else ())]:
        env[f"set_{name}"] = _setter(cls, name)
    lines = ["def convert(span, r):", "    c = new(cls)"]
    lines += [f"    set_{name}(c, r.{name})" for name in copied]
    for name, role in mapped:
        value = {
            _SPAN: "span(*v)",
            _RECORD: "conv(type(v))(span, v)",
            _RECORDS: "tuple([conv(type(x))(span, x) for x in v])",
            _ANY: f"any_(span, {name!r}, v)",
        }[role]
        lines += [f"    v = r.{name}", f"    set_{name}(c, v if v is None else {value})"]
    if has_span:
        lines += [
            "    s, e = span(r.start, r.end)",
            "    set_start(c, s)",
            "    set_end(c, e)",
        ]
    lines.append("    return c")
    exec("\n".join(lines), env)  # noqa: S102 - code built from the field names of a dataclass
    return env["convert"]


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """A function that sets field `name` of an instance of `cls`, frozen or not."""
    slot = inspect.getattr_static(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        return slot.__set__  # the slot itself: no name lookup, no frozen check

    def put(record: Any, value: Any) -> None:  # a field kept in the instance dict
        _set(record, name, value)

    return put


def _convert_any(span: Span, name: str, value: Any) -> Any:
    """A field whose type hint does not say what it holds: decide by its value."""
    if isinstance(value, tuple):
        if name.endswith("_span") and len(value) == 2 and isinstance(value[0], int):
            return span(*value)
        if value and _is_record(value[0]):
            return tuple([_copy(span, v) for v in value])
        return value
    if not isinstance(value, _PLAIN) and _is_record(value):
        return _copy(span, value)
    return value
