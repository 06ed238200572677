"""The extraction pipeline: raw text in, an `Extraction` in raw offsets out.

Stages, each a plain function over typed records:

    read_source   path -> SourceText                       (reader.py)
    clean_text    raw -> CleanText (clean text + offset map) (clean.py)
    analyse       CleanText -> Analysis, in clean offsets    (metadata, structure, agencies, measures)
    to_raw        Analysis -> Extraction, in raw offsets     (this module, the one place offsets convert)

The spaCy components in `components.py` call the same stages, so `nlp(text)` and
`policykg build` give the same facts.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .agencies import AgencyGazetteer
from .clean import CleanText, clean_text
from .entities import extract_entities
from .entity_records import EntityExtraction
from .measures import find_measures
from .metadata import find_document_leads, find_metadata
from .metrics import find_observations
from .quantity_context import scan_text
from .quantity_records import Observation, Target
from .raw_offsets import Span, to_raw_record, to_raw_records
from .reader import read_source
from .records import (
    AgencyMention,
    DocumentLead,
    DocumentMeta,
    Extraction,
    Heading,
    Measure,
    ResponsibleUnit,
    SourceText,
)
from .structure import find_headings
from .targets import find_targets

_PLACE = re.compile(r"^(?:中共)?(.{2,7}?)(?:市|省|自治区|特别行政区)")


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the finders produce for one cleaned text, in clean-text offsets."""

    meta: DocumentMeta
    jurisdiction: str | None
    headings: tuple[Heading, ...]
    agencies: tuple[AgencyMention, ...]
    measures: tuple[Measure, ...]
    document_leads: tuple[DocumentLead, ...]
    entities: EntityExtraction = EntityExtraction()
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()


def jurisdiction_of(meta: DocumentMeta) -> str | None:
    """The city or province a document belongs to, from its issuer or title (上海市… -> 上海)."""
    for text in (meta.issuer, meta.title):
        m = _PLACE.match(text or "")
        if m:
            return m.group(1)
    return None


def analyse_meta(clean: CleanText) -> tuple[DocumentMeta, str | None, tuple[Heading, ...]]:
    meta = find_metadata(clean.text)
    return meta, jurisdiction_of(meta), tuple(find_headings(clean.text))


def analyse_agencies(
    clean: CleanText, gazetteer: AgencyGazetteer, jurisdiction: str | None
) -> tuple[AgencyMention, ...]:
    return tuple(
        AgencyMention(surface, name.canonical, name.level, start, end, name.known)
        for start, end, surface, name in gazetteer.find(clean.text, jurisdiction)
    )


def analyse_measures(
    clean: CleanText,
    headings: tuple[Heading, ...],
    gazetteer: AgencyGazetteer,
    jurisdiction: str | None,
) -> tuple[tuple[Measure, ...], tuple[DocumentLead, ...]]:
    text = clean.text
    measures = find_measures(text, headings, gazetteer, jurisdiction)
    leads = []
    for start, end, surface in find_document_leads(text):
        name = gazetteer.resolve(surface, jurisdiction)
        mention = AgencyMention(surface, name.canonical, name.level, start, end, name.known)
        sentence = _sentence_around(text, start, end)
        leads.append(DocumentLead(mention, text[sentence[0] : sentence[1]], *sentence))
    return tuple(measures), tuple(leads)


def analyse(
    clean: CleanText, gazetteer: AgencyGazetteer | None = None, *, spine_only: bool = False
) -> Analysis:
    """All finders; `spine_only` stops after measures and their units (the spine of issue #2),
    leaving out policies, bases, enterprises, events, targets and metrics."""
    gazetteer = gazetteer or AgencyGazetteer.default()
    meta, jurisdiction, headings = analyse_meta(clean)
    agencies = analyse_agencies(clean, gazetteer, jurisdiction)
    measures, leads = analyse_measures(clean, headings, gazetteer, jurisdiction)
    if spine_only:
        return Analysis(meta, jurisdiction, headings, agencies, measures, leads)
    entities = extract_entities(clean.text, meta, headings, agencies)
    targets, observations = analyse_quantities(clean, headings)
    return Analysis(
        meta, jurisdiction, headings, agencies, measures, leads, entities, targets, observations
    )


def analyse_quantities(
    clean: CleanText, headings: tuple[Heading, ...]
) -> tuple[tuple[Target, ...], tuple[Observation, ...]]:
    """Targets and observed values; both read one shared scan of the quantities."""
    scan = scan_text(clean.text, headings)
    targets = find_targets(clean.text, headings, scan=scan)
    observations = find_observations(clean.text, headings, scan=scan)
    return tuple(targets), tuple(observations)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in "。.\n") + 1
    rights = [i for i in (text.find(ch, end) for ch in "。.\n") if i >= 0]
    return left, (min(rights) + 1 if rights else len(text))


# ---------------------------------------------------------------------------------------------
# Clean offsets -> raw offsets, in one place.


def to_raw(source: SourceText, clean: CleanText, analysis: Analysis) -> Extraction:
    agencies = with_unit_mentions(analysis.agencies, analysis.measures)
    span = clean.offsets.span_function()
    return Extraction(
        doc_id=source.doc_id,
        path=source.path,
        sha256=source.sha256,
        meta=to_raw_record(clean, analysis.meta, span),
        headings=to_raw_records(clean, analysis.headings, span),
        agencies=to_raw_records(clean, agencies, span),
        measures=tuple([_raw_measure(clean, span, m) for m in analysis.measures]),
        document_leads=to_raw_records(clean, analysis.document_leads, span),
        entities=to_raw_record(clean, analysis.entities, span),
        targets=to_raw_records(clean, analysis.targets, span),
        observations=to_raw_records(clean, analysis.observations, span),
    )


def with_unit_mentions(
    agencies: tuple[AgencyMention, ...], measures: tuple[Measure, ...]
) -> list[AgencyMention]:
    """Every responsible unit is an agency mention too, even where the finder missed it."""
    seen = {(a.start, a.end) for a in agencies}
    merged = list(agencies)
    for measure in measures:
        for unit in measure.units:
            if (unit.agency.start, unit.agency.end) not in seen:
                seen.add((unit.agency.start, unit.agency.end))
                merged.append(unit.agency)
    merged.sort(key=lambda a: (a.start, a.end))
    return merged


def _raw_measure(clean: CleanText, span: Span, measure: Measure) -> Measure:
    units = tuple(
        ResponsibleUnit(
            to_raw_record(clean, u.agency, span),
            u.role,
            u.position,
            _clause_text(clean, measure, u),
        )
        for u in measure.units
    )
    start, end = span(measure.start, measure.end)
    return Measure(
        id=measure.id,
        title=measure.title,
        text=measure.text,
        start=start,
        end=end,
        units=units,
        section=measure.section,
        list_spans=tuple([span(s, e) for s, e in measure.list_spans]),
    )


def _clause_text(clean: CleanText, measure: Measure, unit) -> str:
    for s, e in measure.list_spans:
        if s <= unit.agency.start < e:
            return clean.text[s:e]
    return ""


# ---------------------------------------------------------------------------------------------


def extract_source(
    source: SourceText, gazetteer: AgencyGazetteer | None = None, *, spine_only: bool = False
) -> Extraction:
    with _cycle_collector_paused():
        clean = clean_text(source.raw)
        return to_raw(source, clean, analyse(clean, gazetteer, spine_only=spine_only))


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while one document is extracted.

    Extraction makes no reference cycles (reference counting frees everything it allocates),
    but it allocates many short-lived tuples and records, and the collector they trigger kept
    traversing the long-lived gazetteer, tables and caches: about a tenth of the extraction
    time. The collector's state is restored afterwards, so it runs between documents.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_file(path: str | Path, gazetteer: AgencyGazetteer | None = None) -> Extraction:
    return extract_source(read_source(path), gazetteer)


def iter_text_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Text files named directly or found in directories, in a stable (sorted) order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path
