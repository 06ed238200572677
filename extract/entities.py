"""Issue #4 in one call: policies, bases, enterprises, events and their relations for one
cleaned text (clean offsets), for the pipeline to map to raw offsets and the graph builder to
turn into nodes. Each finder lives in its own module; this one only wires them together.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base_relations import find_base_relations
from .bases import find_bases
from .enterprises import find_enterprises
from .entity_records import EntityExtraction
from .events import find_event_organisers, find_events
from .names import Sentences
from .policies import find_policies, find_titles
from .records import AgencyMention, DocumentMeta, Heading


def extract_entities(
    text: str,
    meta: DocumentMeta,
    headings: Sequence[Heading] = (),
    agencies: Sequence[AgencyMention] | None = None,
) -> EntityExtraction:
    """All issue #4 records of a cleaned text. `agencies` are the text's agency mentions
    (the pipeline has them); without them policies run the gazetteer themselves and the
    relations that need bodies (DESIGNATED_BY, ORGANISED_BY) are left out."""
    titles = find_titles(text)
    policies, policy_relations = find_policies(text, meta, agencies, titles=titles)
    bases = find_bases(text, headings)
    enterprises, aliases = find_enterprises(text)
    events = find_events(text)
    bodies = sorted(agencies or (), key=lambda a: a.start)
    sentences = Sentences(text)
    relations = find_base_relations(text, bases, bodies, sentences)
    relations += find_event_organisers(text, events, bodies, sentences)
    return EntityExtraction(
        policies=tuple(policies),
        policy_relations=tuple(policy_relations),
        titles=tuple(titles),
        bases=tuple(bases),
        enterprises=tuple(enterprises),
        events=tuple(events),
        relations=tuple(relations),
        aliases=tuple(aliases),
    )
