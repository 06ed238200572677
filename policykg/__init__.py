"""policykg: knowledge graphs of who leads which measure, from Chinese policy texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policykg.native import select_modules

__version__ = "0.1.0"

select_modules()  # compiled extraction modules, or their sources when stale (see native.py)

if TYPE_CHECKING:
    from spacy.language import Language


def load() -> Language:
    """The spaCy pipeline: `nlp = policykg.load(); doc = nlp(text)` (see extract/components.py)."""
    from policykg.extract.components import load as load_pipeline  # spaCy imports lazily

    return load_pipeline()
