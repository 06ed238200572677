"""End to end over the bundled texts: offsets, determinism, and the facts of the 002 plan."""

from __future__ import annotations

import unicodedata

import pytest

from policykg.cli import bundled_texts
from policykg.extract.output import dumps, to_json
from policykg.extract.pipeline import extract_file, extract_source
from policykg.extract.reader import read_source

TEXTS = sorted(bundled_texts().glob("*.txt"))


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


@pytest.fixture(scope="module")
def extractions():
    return {path.name[:3]: (read_source(path), extract_file(path)) for path in TEXTS}


def test_pipeline_every_fact_points_at_its_surface(extractions):
    for source, ex in extractions.values():
        raw = source.raw
        facts = list(ex.agencies) + [u.agency for m in ex.measures for u in m.units]
        facts += [lead.agency for lead in ex.document_leads]
        assert facts, source.path
        crossing = 0
        for fact in facts:
            printed, surface = norm(raw[fact.start : fact.end]), norm(fact.surface)
            if printed != surface:
                # A name broken by a page break: the span covers the running header and page
                # number the cleaner dropped; the name's characters are still all there, in order.
                assert "\n\n\n" in raw[fact.start : fact.end], (source.path, fact)
                assert is_subsequence(surface, printed), (source.path, fact)
                crossing += 1
        assert crossing <= 3, source.path


def is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def test_pipeline_measure_spans_start_with_their_number_and_title(extractions):
    for source, ex in extractions.values():
        for m in ex.measures:
            assert norm(source.raw[m.start : m.end]).startswith(norm(m.id + m.title)[:8]), m.id


def test_pipeline_is_deterministic():
    path = next(p for p in TEXTS if p.name.startswith("002"))
    first = dumps(to_json(extract_source(read_source(path))))
    second = dumps(to_json(extract_source(read_source(path))))
    assert first == second


def test_pipeline_002_measures_and_leads(extractions):
    _, ex = extractions["002"]
    assert [m.id for m in ex.measures][:3] == ["(一)", "(二)", "(三)"]
    assert len(ex.measures) == 23
    first = ex.measures[0]
    assert first.title.startswith("先行先试增值电信扩大开放")
    assert [a.surface for a in first.lead] == ["市经济信息化委"]
    assert [a.surface for a in first.support] == [
        "市通信管理局",
        "浦东新区政府",
        "临港新片区管委会",
    ]
    # (十九): a collective unit leads
    nineteenth = ex.measures[18]
    assert [a.surface for a in nineteenth.lead] == ["各区政府"]
    assert sum(len(m.units) for m in ex.measures) == 114


def test_pipeline_002_document_lead_and_metadata(extractions):
    _, ex = extractions["002"]
    assert ex.meta.doc_number == "沪府办发〔2024〕31号"
    assert ex.meta.issuer == "上海市人民政府办公厅"
    assert ex.meta.date == "2024-12-30"
    assert [lead.agency.surface for lead in ex.document_leads] == [
        "上海市推进上海国际贸易中心建设领导小组"
    ]


def test_pipeline_004_tasks_have_no_lead(extractions):
    _, ex = extractions["004"]
    assert ex.measures, "004 has numbered tasks"
    assert all(not m.units for m in ex.measures)


def _extract_text(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    return extract_file(path)


def test_pipeline_unit_broken_across_lines(tmp_path):
    # 002 l.47-51: the lead unit is split by a hard line break followed by a blank line
    raw = (
        "(一)先行先试增值电信扩大开放.吸引外资开展互联网接入服务.(责任单位:市经济信息\n\n"
        "化委、市通信管理局、浦东新区政府、临港新片区管委会)\n\n"
        "(二)以文化贸易为重点扩大数字产品贸易.推进文化贸易“千帆出海”.(责任单位:市委\n\n"
        "宣传部、市商务委)\n"
    )
    ex = _extract_text(tmp_path, raw)
    first = ex.measures[0]
    lead = first.lead[0]
    assert lead.surface == "市经济信息化委"
    assert raw[lead.start : lead.end] == "市经济信息\n\n化委"
    assert [a.surface for a in ex.measures[1].lead] == ["市委宣传部"]


def test_pipeline_traditional_text_matched_in_simplified(tmp_path):
    raw = "（一）推進服務貿易創新發展。（牽頭單位：市商務委，配合單位：市發展改革委、市財政局）\n"
    ex = _extract_text(tmp_path, raw)
    (measure,) = ex.measures
    lead = measure.lead[0]
    assert lead.canonical == "上海市商务委员会"
    assert raw[lead.start : lead.end] == "市商務委"  # offsets in the original characters
    assert [raw[a.start : a.end] for a in measure.support] == ["市發展改革委", "市財政局"]


def test_pipeline_gbk_file_gives_same_facts(tmp_path):
    raw = "（一）推进服务贸易创新发展。（责任单位：市商务委、市财政局）\n"
    utf8 = _extract_text(tmp_path, raw)
    gbk = _extract_text(tmp_path, raw, "gbk")
    assert [(u.agency.surface, u.role) for u in gbk.measures[0].units] == [
        (u.agency.surface, u.role) for u in utf8.measures[0].units
    ]


def test_pipeline_measure_without_units_has_no_lead(tmp_path):
    raw = (
        "一、主要任务\n(一)推进服务贸易创新发展.(责任单位:市商务委、市财政局)\n"
        "(二)加强统计监测.完善服务贸易统计制度.\n"
    )
    ex = _extract_text(tmp_path, raw)
    assert [m.id for m in ex.measures] == ["(一)", "(二)"]
    assert ex.measures[1].units == ()
