"""The spaCy pipeline a user loads: spans on the Doc equal the records `build` writes."""

from __future__ import annotations

import pytest

import policykg
from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file
from policykg.extract.reader import read_source

PLAN_002 = next(bundled_texts().glob("002_*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return policykg.load()


def test_components_pipeline_names(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names == [
        "policykg_clean",
        "policykg_structure",
        "policykg_agencies",
        "policykg_measures",
    ]


def test_components_measure_spans_carry_records(nlp):
    doc = nlp(read_source(PLAN_002).raw)
    measures = doc.spans["measures"]
    assert len(measures) == 23
    first = measures[0]._.pkg_measure
    assert first.id == "(一)"
    assert [a.surface for a in first.lead] == ["市经济信息化委"]
    lead = doc.spans["lead"][0]
    assert lead.kb_id_ == "上海市经济和信息化委员会"
    # a unit split across a line break in the file: the span covers the break
    assert lead.text.replace("\n", "") == "市经济信息化委"


def test_components_agree_with_build(nlp):
    doc = nlp(read_source(PLAN_002).raw)
    ex = extract_file(PLAN_002)
    assert [(s.start_char, s.end_char) for s in doc.spans["agencies"]] == [
        (a.start, a.end) for a in ex.agencies
    ]
    assert [(s.start_char, s.end_char) for s in doc.spans["measures"]] == [
        (m.start, m.end) for m in ex.measures
    ]


def test_components_short_sentence(nlp):
    doc = nlp(
        "（一）推进服务贸易创新发展试点。（牵头单位：市商务委，配合单位：市发展改革委、市财政局）"
    )
    assert [s.text for s in doc.spans["lead"]] == ["市商务委"]
    assert [s.text for s in doc.spans["support"]] == ["市发展改革委", "市财政局"]
