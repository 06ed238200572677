"""Records of issue #4: policies, bases (zones, parks, platforms, programmes), enterprises,
events, and the relations between them.

Finders in `policies.py`, `bases.py`, `enterprises.py` and `events.py` return these with
`start`/`end` as offsets into the *cleaned* text; the pipeline maps them to raw offsets in one
place, as for the spine's records. `to_json()` gives the per-document dict of `gold/FORMAT.md`
for the record's kind (with whatever offsets the record holds), plus extra fields the scorer
ignores.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

TitleKind = Literal["policy", "agreement", "standard", "report", "list", "foreign", "work", "other"]
PolicyRole = Literal["self", "header", "cited", "repealed", "listed", "mentioned"]
PolicyRelationType = Literal["CITES", "REPEALS", "IMPLEMENTS"]
EntityRelationType = Literal[
    "LOCATED_IN", "OPERATED_BY", "DESIGNATED_BY", "ORGANISED_BY", "HOSTED_BY", "MEMBER_OF"
]
EnterpriseForm = Literal["registered", "group", "short", "alias"]


@dataclass(frozen=True, slots=True)
class TitleMention:
    """A bracketed title 《…》 and what it names: a policy document or something else."""

    title: str  # the bracket content, layout spaces removed
    kind: TitleKind
    start: int  # span of the title *with* its brackets
    end: int
    cue: str = ""  # the word that decided the kind (suffix or context word)


@dataclass(frozen=True, slots=True)
class PolicyMention:
    """A reference to a policy document: a numbered entry, a bracketed title, or both."""

    title: str  # the policy's own name (the 《》 content, else the notice title)
    doc_number: str  # normalised 文号 (沪府办发〔2024〕31号), "" when none is printed
    start: int  # span of the whole reference (title and number)
    end: int
    key: str  # identity inside the document: the number, else "t:" + normalised title
    family: str  # "f:" + normalised title without its version (年版, 2019—2021年, 试行)
    version: str = ""  # the version part of the title, normalised ("2020年版", "20192021年")
    role: PolicyRole = "mentioned"
    issuers: tuple[str, ...] = ()  # surfaces, first = lead issuer
    issuer_source: str = ""  # "title", "context", "prefix" (number prefix) or "meta"
    date: str = ""  # YYYY-MM-DD or YYYY-MM when printed next to the reference
    notice_title: str = ""  # 〈issuer〉关于印发《X》的通知, when the reference is the notice
    title_span: tuple[int, int] | None = None
    number_span: tuple[int, int] | None = None

    @property
    def issuer(self) -> str:
        return self.issuers[0] if self.issuers else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_number": self.doc_number,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "issuer": self.issuer,
            "issuers": list(self.issuers),
            "date": self.date,
            "relation": self.role,
            "key": self.key,
            "family": self.family,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class PolicyRelation:
    """source CITES / REPEALS / IMPLEMENTS target. `source` is the key of the citing policy
    ("" = the document itself, when it is not a policy or has no key); `target` is the key of
    the cited mention. The span is the clause that states the relation."""

    type: PolicyRelationType
    source: str
    target: str
    cue: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "cue": self.cue,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class BaseMention:
    """A named base, zone, park, platform, cluster or programme."""

    surface: str
    canonical: str  # gazetteer name, else the surface without its leading place words
    type: str  # e.g. "national_service_export_base/culture", "comprehensive_bonded_zone"
    start: int
    end: int
    generic: bool = False  # a type name used as a name (国家数字服务出口基地), not one entity

    def to_json(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "canonical": self.canonical,
            "type": self.type,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class EnterpriseMention:
    """A company: registered name, group name, or a short/brand name linked to one."""

    surface: str
    canonical: str  # the registered (or group) name the surface stands for
    start: int
    end: int
    form: EnterpriseForm = "registered"
    sector: str = ""  # from a table column (数字内容, 云服务 …) when one gives it
    district: str = ""  # from a table column (嘉定, 浦东 …) when one gives it

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "surface": self.surface,
            "canonical": self.canonical,
            "start": self.start,
            "end": self.end,
            "form": self.form,
        }
        if self.sector:
            out["sector"] = self.sector
        if self.district:
            out["district"] = self.district
        return out


@dataclass(frozen=True, slots=True)
class EventMention:
    """An expo, fair, forum, conference or festival; `canonical` names the series."""

    surface: str
    canonical: str
    start: int
    end: int
    edition: str = ""  # 第五届 / 首届 / 2021 as printed
    type: str = ""  # expo, fair, forum, conference, festival …

    def to_json(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "canonical": self.canonical,
            "start": self.start,
            "end": self.end,
            "edition": self.edition,
            "type": self.type,
        }


@dataclass(frozen=True, slots=True)
class EntityRelation:
    """subject TYPE object, as stated in one clause (both ends as surfaces; `*_canonical`
    resolve them). `year` is the year the clause gives for the fact, 0 when none."""

    type: EntityRelationType
    subject: str
    subject_canonical: str
    object: str
    object_canonical: str
    start: int
    end: int
    year: int = 0
    evidence: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "subject": self.subject,
            "subject_canonical": self.subject_canonical,
            "object": self.object,
            "object_canonical": self.object_canonical,
            "start": self.start,
            "end": self.end,
            "year": self.year,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class AliasLink:
    """`alias` stands for `name` in this document: a 简称 definition, a bracketed short
    form after a registered name, or a core-name match."""

    alias: str
    name: str
    kind: Literal["base", "enterprise", "event", "policy"]
    basis: Literal["defined", "bracketed", "core", "gazetteer"]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocumentEntities:
    """Everything issue #4 found in one document (any offsets), the input of `resolve`."""

    doc_id: str
    year: int = 0  # the document's own year (from its date), 0 when unknown
    policies: tuple[PolicyMention, ...] = ()
    bases: tuple[BaseMention, ...] = ()
    enterprises: tuple[EnterpriseMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    aliases: tuple[AliasLink, ...] = ()


EntityKind = Literal["policy", "base", "enterprise", "event"]


@dataclass(frozen=True, slots=True)
class ResolvedEntity:
    """One real-world thing across the corpus: a stable key, its best name, every surface
    that names it and the documents it appears in."""

    kind: EntityKind
    key: str
    name: str
    aliases: tuple[str, ...]
    documents: tuple[str, ...]
    family: str = ""  # policies: the version family key (f:…); one family, several versions
    type: str = ""  # bases: type; events: expo/forum …
    note: str = ""  # why a mention was not merged further (ambiguous short name …)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "name": self.name,
            "aliases": list(self.aliases),
            "documents": list(self.documents),
            "family": self.family,
            "type": self.type,
            "note": self.note,
        }


MentionRef = tuple[str, str, int, int]  # (doc_id, kind, start, end)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Entities by key, and the key of every mention (doc_id, kind, start, end)."""

    entities: dict[str, ResolvedEntity]
    mention_keys: dict[MentionRef, str]

    def key_of(self, doc_id: str, kind: str, start: int, end: int) -> str | None:
        return self.mention_keys.get((doc_id, kind, start, end))


@dataclass(frozen=True, slots=True)
class EntityExtraction:
    """Issue #4's findings for one cleaned text, in clean offsets."""

    policies: tuple[PolicyMention, ...] = ()
    policy_relations: tuple[PolicyRelation, ...] = ()
    titles: tuple[TitleMention, ...] = ()
    bases: tuple[BaseMention, ...] = ()
    enterprises: tuple[EnterpriseMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    relations: tuple[EntityRelation, ...] = ()  # LOCATED_IN, OPERATED_BY, … ORGANISED_BY
    aliases: tuple[AliasLink, ...] = ()

    def to_json(self, numbered_policies_only: bool = False) -> dict[str, Any]:
        """The FORMAT.md lists (policies, bases, enterprises) plus events and relations.
        `numbered_policies_only` keeps policy references that carry a document number, the
        unit the gold of a compilation (seed 000) counts."""
        policies = [p for p in self.policies if p.doc_number or not numbered_policies_only]
        return {
            "policies": [p.to_json() for p in policies],
            "bases": [b.to_json() for b in self.bases if not b.generic],
            "enterprises": [e.to_json() for e in self.enterprises],
            "events": [e.to_json() for e in self.events],
            "policy_relations": [r.to_json() for r in self.policy_relations],
            "entity_relations": [r.to_json() for r in self.relations],
        }

    def for_resolution(self, doc_id: str, year: int = 0) -> DocumentEntities:
        return DocumentEntities(
            doc_id, year, self.policies, self.bases, self.enterprises, self.events, self.aliases
        )
