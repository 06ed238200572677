"""Extraction records as the per-document JSON of `gold/FORMAT.md` (the scorer's input)."""

from __future__ import annotations

import json
from typing import Any

from .records import AgencyMention, Extraction, Measure


def _agency(a: AgencyMention, *, span: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"surface": a.surface, "canonical": a.canonical, "level": a.level}
    if span:
        out.update(start=a.start, end=a.end)
    return out


def _measure(m: Measure) -> dict[str, Any]:
    return {
        "id": m.id,
        "title": m.title,
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "section": m.section,
        "lead": [_unit(u) for u in m.units if u.role == "lead"],
        "support": [_unit(u) for u in m.units if u.role == "support"],
    }


def _unit(u) -> dict[str, Any]:
    return {**_agency(u.agency), "position": u.position}


def to_json(extraction: Extraction) -> dict[str, Any]:
    meta = extraction.meta
    return {
        "doc": extraction.doc_id,
        "path": extraction.path,
        "sha256": extraction.sha256,
        "document": {
            "title": meta.title,
            "doc_number": meta.doc_number,
            "issuer": meta.issuer,
            "date": meta.date,
        },
        "measures": [_measure(m) for m in extraction.measures],
        "document_leads": [
            {**_agency(lead.agency), "evidence": lead.evidence}
            for lead in extraction.document_leads
        ],
        "agencies": [_agency(a) for a in extraction.agencies],
        "headings": [
            {"label": h.label, "level": h.level, "title": h.title, "start": h.start, "end": h.end}
            for h in extraction.headings
        ],
        **_entities(extraction),
        "targets": [t.to_json() for t in extraction.targets],
        "metrics": [o.to_json() for o in extraction.observations],
    }


def _entities(extraction: Extraction) -> dict[str, Any]:
    """Policies, bases, enterprises, events and their relations.

    `policies` lists the references that carry a document number (文号), the unit by which
    policies are identified and scored; references by title alone are in `policy_titles`.
    Both become Policy nodes in the graph."""
    found = extraction.entities.to_json()
    numbered = [p for p in found["policies"] if p["doc_number"]]
    titled = [p for p in found["policies"] if not p["doc_number"]]
    return {
        "policies": numbered,
        "policy_titles": titled,
        "enterprises": found["enterprises"],
        "bases": found["bases"],
        "events": found["events"],
        "policy_relations": found["policy_relations"],
        "entity_relations": found["entity_relations"],
    }


def dumps(data: Any) -> str:
    """Deterministic JSON: the same input gives byte-identical output."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
