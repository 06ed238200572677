"""Reading source files: encodings, the SourceText record, and files that are not text."""

from __future__ import annotations

import codecs
import hashlib
from importlib import resources
from pathlib import Path

import pytest

from policykg.extract.reader import SourceError, read_source

# 002 l.8-18: the notice of the 2024 plan, with its blank lines (and the full-width date of l.20)
NOTICE = (
    "上海市人民政府办公厅关于印发\n\n«上海市推动数字贸易和服务贸易\n\n高质量发展的实施方案»的通知\n\n"
    "各区人民政府,市政府各委、办、局,各相关单位:\n\n«上海市推动数字贸易和服务贸易高质量发展的实施方案»已\n\n"
    "经市政府同意,现印发给你们,请认真贯彻执行.\n\n２０２４年１２月３０日\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_reader_reads_a_seed_text():
    path = next(
        p
        for p in resources.files("policykg.data").joinpath("texts").iterdir()
        if p.name.startswith("002")
    )
    source = read_source(Path(str(path)))
    text = Path(str(path)).read_text(encoding="utf-8")
    assert source.doc_id == "002_a47502b2fdd9fb63_digital-and-service-trade-plan-2024"
    assert source.encoding == "utf-8"
    assert source.raw == text
    assert source.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_reader_strips_a_utf8_bom(tmp_path):
    source = read_source(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + NOTICE.encode("utf-8")))
    assert (source.raw, source.encoding) == (NOTICE, "utf-8-sig")


def test_reader_reads_gbk_as_the_same_text(tmp_path):
    source = read_source(
        write(
            tmp_path, "notice_gbk.txt", NOTICE.replace("«", "《").replace("»", "》").encode("gbk")
        )
    )
    assert source.raw == NOTICE.replace("«", "《").replace("»", "》")
    assert source.encoding == "gb18030"


def test_reader_reads_traditional_chinese_in_gbk(tmp_path):
    # 002 l.313-317 in traditional characters, many of them outside GB2312
    text = "由上海市推進上海國際貿易中心建設領導小組牽頭數字貿易\n\n和服務貿易高質量發展工作"
    source = read_source(write(tmp_path, "trad.txt", text.encode("gbk")))
    assert (source.raw, source.encoding) == (text, "gb18030")


def test_reader_reads_gb18030_beyond_gbk(tmp_path):
    text = NOTICE + "𠀀\n"  # a character GBK cannot encode
    assert read_source(write(tmp_path, "notice.txt", text.encode("gb18030"))).raw == text


def test_reader_reads_utf16_with_bom(tmp_path):
    source = read_source(write(tmp_path, "notice16.txt", NOTICE.encode("utf-16")))
    assert (source.raw, source.encoding) == (NOTICE, "utf-16")


def test_reader_reads_utf16_without_bom(tmp_path):
    # NUL bytes every other byte (the ASCII characters) give the byte order away
    source = read_source(write(tmp_path, "notice16le.txt", NOTICE.encode("utf-16-le")))
    assert (source.raw, source.encoding) == (NOTICE, "utf-16-le")


def test_reader_sha256_does_not_depend_on_the_encoding(tmp_path):
    utf8 = read_source(write(tmp_path, "a.txt", NOTICE.encode("utf-8")))
    utf16 = read_source(write(tmp_path, "b.txt", NOTICE.encode("utf-16")))
    assert utf8.sha256 == utf16.sha256 == hashlib.sha256(NOTICE.encode("utf-8")).hexdigest()


def test_reader_keeps_crlf(tmp_path):
    text = NOTICE.replace("\n", "\r\n")
    assert read_source(write(tmp_path, "crlf.txt", text.encode("utf-8"))).raw == text


def test_reader_reads_an_empty_file(tmp_path):
    source = read_source(write(tmp_path, "empty.txt", b""))
    assert (source.doc_id, source.raw) == ("empty", "")


def test_reader_rejects_a_binary_file(tmp_path):
    path = write(tmp_path, "scan.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises(SourceError, match=r"scan\.pdf: looks binary") as info:
        read_source(path)
    assert info.value.path == str(path)


def test_reader_rejects_control_characters(tmp_path):
    path = write(tmp_path, "blob.txt", b"\x01\x02\x03\x04abc\x05\x06\x07" * 50)
    with pytest.raises(SourceError, match=r"blob\.txt: looks binary"):
        read_source(path)


def test_reader_rejects_a_missing_file(tmp_path):
    with pytest.raises(SourceError, match=r"missing\.txt: file not found"):
        read_source(tmp_path / "missing.txt")


def test_reader_rejects_a_directory(tmp_path):
    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path)
