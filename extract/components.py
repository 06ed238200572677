"""spaCy pipeline components: the extraction stages as parts of a blank `zh` pipeline.

    nlp = policykg.load()          # spacy.blank("zh") + the four components below
    doc = nlp(text)                # text as read from the file
    doc.spans["agencies"]          # spans with kb_id_ = canonical name, label_ = level
    doc.spans["measures"]          # one span per measure; span._.pkg_measure is its record
    doc.spans["lead"], doc.spans["support"]

`doc.text` is the raw text, so every span's character offsets are raw offsets, as in the
extraction JSON. Each component does one job and calls the same stage function as
`policykg build` (see pipeline.py); the cleaned view lives on `doc._.pkg_clean`.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .agencies import AgencyGazetteer
from .clean import clean_text
from .pipeline import (
    Analysis,
    analyse_agencies,
    analyse_measures,
    analyse_meta,
    to_raw,
    with_unit_mentions,
)
from .records import SourceText

for _name in (
    "pkg_clean",
    "pkg_meta",
    "pkg_jurisdiction",
    "pkg_headings",
    "pkg_agencies",
    "pkg_measures",
    "pkg_document_leads",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("pkg_measure"):
    Span.set_extension("pkg_measure", default=None)


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span:
    span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="strict")
    if span is None:  # the char segmenter puts a boundary at every character
        raise ValueError(f"span {start}:{end} does not align with the tokens of the document")
    return span


def _raw(doc: Doc, analysis: Analysis):
    source = SourceText(doc_id="", path="", raw=doc.text, encoding="", sha256="")
    return to_raw(source, doc._.pkg_clean, analysis)


@Language.component("policykg_clean", assigns=["doc._.pkg_clean"])
def clean_component(doc: Doc) -> Doc:
    """The cleaned view of the text with its map back to raw offsets."""
    doc._.pkg_clean = clean_text(doc.text)
    return doc


@Language.component(
    "policykg_structure",
    requires=["doc._.pkg_clean"],
    assigns=["doc._.pkg_meta", "doc._.pkg_headings", "doc.spans"],
)
def structure_component(doc: Doc) -> Doc:
    """Document metadata (title, 文号, issuer, date) and the heading tree."""
    meta, jurisdiction, headings = analyse_meta(doc._.pkg_clean)
    raw = _raw(doc, Analysis(meta, jurisdiction, headings, (), (), ()))
    doc._.pkg_meta, doc._.pkg_jurisdiction, doc._.pkg_headings = (
        raw.meta,
        jurisdiction,
        raw.headings,
    )
    doc.spans["headings"] = [_span(doc, h.start, h.end, h.kind) for h in raw.headings]
    return doc


class AgencyRecognizer:
    """Agency mentions from the gazetteer in `data/` and name patterns for unseen bodies."""

    def __init__(self, gazetteer: AgencyGazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        agencies = analyse_agencies(doc._.pkg_clean, self.gazetteer, doc._.pkg_jurisdiction)
        raw = _raw(doc, Analysis(doc._.pkg_meta, None, (), agencies, (), ()))
        doc._.pkg_agencies = raw.agencies
        doc.spans["agencies"] = [
            _span(doc, a.start, a.end, a.level, a.canonical) for a in raw.agencies
        ]
        return doc


@Language.factory(
    "policykg_agencies",
    requires=["doc._.pkg_clean", "doc._.pkg_meta"],
    assigns=["doc.spans"],
)
def make_agency_recognizer(nlp: Language, name: str) -> AgencyRecognizer:
    return AgencyRecognizer(AgencyGazetteer.default())


class MeasureExtractor:
    """Numbered measures and their lead and supporting units."""

    def __init__(self, gazetteer: AgencyGazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        measures, leads = (
            analyse_measures(doc._.pkg_clean, (), self.gazetteer, doc._.pkg_jurisdiction)
            if doc._.pkg_headings is None
            else self._measures(doc)
        )
        raw = _raw(doc, Analysis(doc._.pkg_meta, None, (), (), measures, leads))
        doc._.pkg_measures, doc._.pkg_document_leads = raw.measures, raw.document_leads
        spans: list[Span] = []
        lead: list[Span] = []
        support: list[Span] = []
        for m in raw.measures:
            span = _span(doc, m.start, m.end, "Measure", m.id)
            span._.pkg_measure = m
            spans.append(span)
            for u in m.units:
                unit = _span(doc, u.agency.start, u.agency.end, u.agency.level, u.agency.canonical)
                (lead if u.role == "lead" else support).append(unit)
        doc.spans["measures"], doc.spans["lead"], doc.spans["support"] = spans, lead, support
        if doc._.pkg_agencies is not None:  # every responsible unit is an agency mention too
            doc._.pkg_agencies = tuple(with_unit_mentions(doc._.pkg_agencies, raw.measures))
            doc.spans["agencies"] = [
                _span(doc, a.start, a.end, a.level, a.canonical) for a in doc._.pkg_agencies
            ]
        return doc

    def _measures(self, doc: Doc):
        # The structure stage stored raw-offset headings; the finders need clean ones again.
        _, _, headings = analyse_meta(doc._.pkg_clean)
        return analyse_measures(doc._.pkg_clean, headings, self.gazetteer, doc._.pkg_jurisdiction)


@Language.factory(
    "policykg_measures",
    requires=["doc._.pkg_clean", "doc._.pkg_headings"],
    assigns=["doc.spans", "doc._.pkg_measures"],
)
def make_measure_extractor(nlp: Language, name: str) -> MeasureExtractor:
    return MeasureExtractor(AgencyGazetteer.default())


def load() -> Language:
    """A blank Chinese pipeline (char segmenter, no model download) with the policykg components."""
    nlp = spacy.blank("zh")
    for pipe in ("policykg_clean", "policykg_structure", "policykg_agencies", "policykg_measures"):
        nlp.add_pipe(pipe)
    return nlp
