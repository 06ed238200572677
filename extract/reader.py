"""Reading a source file: bytes -> `SourceText`, with the encoding detected.

Order of attempts: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without BOM when NUL bytes
fall on every other byte; UTF-8; GB18030 (a superset of GBK and GB2312) when the bytes decode
cleanly and look like Chinese; UTF-16 without BOM for Chinese text that has no NUL bytes; and
`charset_normalizer` as the last resort. Binary files (NUL bytes outside UTF-16, mostly control
characters) and undecodable files raise `SourceError`.

`raw` is the decoded text exactly as read (a BOM is not part of it; `\\r\\n` is kept), so raw
offsets count characters of this string.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from pathlib import Path

from .records import SourceText

logger = logging.getLogger(__name__)

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Control characters other than TAB, LF, VT, FF, CR: a text has almost none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A GBK double-byte character with both bytes high (most Chinese characters), any high byte.
_HIGH_PAIR = re.compile(rb"[\x81-\xfe][\x80-\xfe]")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# Characters of a Chinese text: CJK, CJK punctuation, full-width forms, ASCII text.
_TEXT_CHAR = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_SAMPLE = 1 << 16
_MAX_CONTROL_SHARE = 0.01
_MIN_TEXT_SHARE = 0.9
_MIN_PAIRED_SHARE = 0.6


class SourceError(Exception):
    """A source file that cannot be read as text."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def read_source(path: str | Path) -> SourceText:
    """Read and decode one text file; `doc_id` is the file stem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except IsADirectoryError:
        raise SourceError(path, "is a directory, not a text file") from None
    except OSError as exc:
        raise SourceError(path, f"cannot be read ({exc.strerror or exc})") from None
    text, encoding = decode_bytes(data, path)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceText(doc_id=path.stem, path=str(path), raw=text, encoding=encoding, sha256=sha)


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; raises `SourceError` naming `path`."""
    if not data:
        return "", "utf-8"
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise SourceError(
                    path,
                    f"starts with a {name} byte-order mark but is not valid {name} ({exc.reason})",
                ) from None
    if b"\x00" in data:
        return _decode_utf16_without_bom(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _reject_binary(text, path)
        return text, "utf-8"
    if _looks_gb(data):
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            _reject_binary(text, path)
            return text, "gb18030"
    found = _try_utf16(data)
    if found:
        return found
    return _detect(data, path)


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _text_share(text: str) -> float:
    sample = text[:_SAMPLE]
    return len(_TEXT_CHAR.findall(sample)) / max(1, len(sample))


def _reject_binary(text: str, path: str | Path) -> None:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise SourceError(path, "looks binary (too many control characters), not a text file")


def _looks_gb(data: bytes) -> bool:
    """Most non-ASCII bytes come in pairs of high bytes, as Chinese characters do in GBK.

    (Latin-1 text has lone high bytes between ASCII letters.)
    """
    sample = data[:_SAMPLE]
    high = len(_HIGH_BYTE.findall(sample))
    return high > 0 and 2 * len(_HIGH_PAIR.findall(sample)) >= _MIN_PAIRED_SHARE * high


def _try_utf16(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _text_share(text) >= _MIN_TEXT_SHARE and _control_share(text) <= _MAX_CONTROL_SHARE:
            return text, codec
    return None


def _decode_utf16_without_bom(data: bytes, path: str | Path) -> tuple[str, str]:
    """NUL bytes: UTF-16 text (ASCII characters give a NUL every other byte) or binary."""
    found = _try_utf16(data)
    if found:
        return found
    raise SourceError(path, "looks binary (contains NUL bytes), not a text file")


def _detect(data: bytes, path: str | Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # only for files none of the usual codecs read

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _control_share(text) <= _MAX_CONTROL_SHARE:
            logger.warning("%s: decoded as %s by detection", path, best.encoding)
            return text, best.encoding
    raise SourceError(path, "cannot be decoded as UTF-8, UTF-16 or GB18030 text")
