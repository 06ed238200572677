"""Typed records exchanged between the extraction stages.

Offsets: every record that leaves `extract/` carries `start`/`end` as character offsets into the
raw text of its source file (as read, before cleaning), so a reader can always go back to the
exact characters. Inside `extract/`, the rule-based finders work on the cleaned text; the
pipeline converts their clean offsets to raw ones in one place (`CleanText.to_raw`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .entity_records import EntityExtraction
from .quantity_records import Observation, Target

AgencyLevel = Literal["national", "municipal", "district", "other", "collective"]
Role = Literal["lead", "support"]


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file as read: decoded text and where it came from."""

    doc_id: str  # file stem, e.g. "002_a47502b2fdd9fb63"
    path: str
    raw: str
    encoding: str
    sha256: str  # of the decoded text (UTF-8), stable across encodings


@dataclass(frozen=True, slots=True)
class Heading:
    """One heading of the document's structure (一、 / （一） / １． / 第X章 / 专栏 …)."""

    label: str  # the numbering as printed, normalised: "一、", "(一)", "1.", "第一章", "专栏1"
    kind: str  # numbering style: "cn_comma", "cn_paren", "digit_dot", "digit_paren", "chapter", ...
    level: int  # depth in the heading tree, 1 = top
    title: str  # the heading text after the label (may be a run-in lead sentence)
    start: int
    end: int
    parent: int | None = None  # index of the parent heading in the document's list


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str = ""
    doc_number: str = ""  # 文号, normalised: 沪府办发〔2024〕31号
    issuer: str = ""
    date: str = ""  # YYYY-MM-DD
    title_span: tuple[int, int] | None = None
    doc_number_span: tuple[int, int] | None = None
    issuer_span: tuple[int, int] | None = None
    date_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class AgencyMention:
    """A mention of a government body, resolved to its canonical name."""

    surface: str  # the mention with line breaks and spaces removed
    canonical: str
    level: AgencyLevel
    start: int
    end: int
    known: bool = True  # False when recognised by pattern only, not by the gazetteer


@dataclass(frozen=True, slots=True)
class ResponsibleUnit:
    """One unit in a measure's responsibility list, in printed order."""

    agency: AgencyMention
    role: Role
    position: int  # 1-based position in the list as printed
    clause: str = ""  # the responsibility clause the unit was read from (cleaned), as evidence


@dataclass(frozen=True, slots=True)
class Measure:
    """A numbered measure (task) with the units responsible for it."""

    id: str  # numbering as printed, normalised: "(一)", "1.", "第三条"
    title: str  # the lead sentence or heading text
    text: str  # the whole measure, cleaned
    start: int
    end: int
    units: tuple[ResponsibleUnit, ...] = ()
    section: str = ""  # enclosing heading, e.g. "一、大力发展数字交付服务贸易"
    list_spans: tuple[tuple[int, int], ...] = ()  # the responsibility clause(s) as printed

    @property
    def lead(self) -> tuple[AgencyMention, ...]:
        return tuple(u.agency for u in self.units if u.role == "lead")

    @property
    def support(self) -> tuple[AgencyMention, ...]:
        return tuple(u.agency for u in self.units if u.role == "support")


@dataclass(frozen=True, slots=True)
class DocumentLead:
    """A body that leads the whole document's work (由…领导小组牵头…工作)."""

    agency: AgencyMention
    evidence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document, in raw offsets."""

    doc_id: str
    path: str
    sha256: str
    meta: DocumentMeta
    headings: tuple[Heading, ...] = ()
    agencies: tuple[AgencyMention, ...] = ()
    measures: tuple[Measure, ...] = ()
    document_leads: tuple[DocumentLead, ...] = ()
    entities: EntityExtraction = field(default_factory=EntityExtraction)  # policies, bases, …
    targets: tuple[Target, ...] = ()
    observations: tuple[Observation, ...] = ()
    warnings: tuple[str, ...] = field(default=())
