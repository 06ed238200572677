"""Nodes and relationships of issue #5 for one document: targets and observations as Data Cube
observations, with the indicators they measure and the regions they are for.

- Target -[FOR_INDICATOR]-> Indicator; the Policy -[SETS_TARGET]-> Target (the document's own,
  or the policy it reprints where the target is printed), and the innermost measure whose span
  holds the target -[INCLUDES_TARGET]-> Target;
- Observation -[OBSERVED_FOR]-> Indicator, -[FOR_REGION]-> Region, -[OBSERVED_IN]-> the
  document's Policy (the policy or report it was reported in).

Targets and observations belong to their document (keys `<doc_id>#target<n>@<start>`); an
indicator is one node across documents, keyed by its name without layout and punctuation. Each
keeps the indicator text it was read with (`indicator_text`); only a text that names an
indicator (`indicator_gate.py`: 服务进出口总额, not 同比下降 or 而爱尔兰) has an Indicator node.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from policykg.extract.policies import letters
from policykg.extract.quantity_records import Observation, Quantity, Target
from policykg.extract.records import Extraction

from .entity_facts import MeasureNodes, region_node
from .indicator_gate import indicator_name

if TYPE_CHECKING:
    from .builder import GraphBuilder


def add_quantities(
    builder: GraphBuilder,
    ex: Extraction,
    policy: str,
    measures: MeasureNodes,
    setter: Callable[[int], str] | None = None,
) -> None:
    """Targets and observations of `ex`, observed in the document's `policy`; `setter(start)`
    is the policy that sets a target printed at `start` (a policy the document reprints there),
    `policy` when not given."""
    for n, t in enumerate(ex.targets, 1):
        _target(builder, ex, n, t, setter(t.start) if setter else policy, measures)
    for n, o in enumerate(ex.observations, 1):
        _observation(builder, ex, n, o, policy)


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """Only the properties the record has: no None or "" (Neo4j keeps neither)."""
    return {k: v for k, v in props.items() if v is not None and v != ""}


def _number(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def _name(indicator: str, q: Quantity) -> str:
    return f"{indicator} {q.text}".strip() if indicator else q.text


def _quantity(q: Quantity) -> dict[str, Any]:
    return {
        "value": _number(q.value),
        "upper_value": _number(q.upper),
        "base_value": _number(q.base_value),
        "base_unit": q.base_unit,
    }


def indicator_node(
    builder: GraphBuilder, indicator: str, doc_id: str, dimension: str = ""
) -> str | None:
    """The Indicator node `indicator` names, None when it names none (`indicator_gate.py`)."""
    name = indicator_name(indicator, dimension)
    key = letters(name) if name else ""
    if not key:
        return None
    node = builder.node("Indicator", key)
    builder.fill(node, name=name)
    builder.extend(node, aliases=[name], documents=[doc_id])
    return node


def _target(
    builder: GraphBuilder, ex: Extraction, n: int, t: Target, policy: str, measures: MeasureNodes
) -> None:
    baseline = t.baseline
    node = builder.node(
        "Target",
        f"{ex.doc_id}#target{n}@{t.start}",
        **_present(
            {
                "name": _name(t.indicator, t.quantity),
                "indicator_text": t.indicator,
                **_quantity(t.quantity),
                "unit": t.unit,
                "year": t.year,
                "period": t.period,
                "qualifier": t.qualifier,
                "indicator_attribute": t.attribute,
                "category": t.category,
                "baseline_value": _number(baseline.value) if baseline else None,
                "baseline_unit": (baseline.unit or t.unit) if baseline else None,
                "baseline_year": t.baseline_year,
                "baseline_period": t.baseline_period,
                "remark": t.remark,
                "section": t.section,
                "source_form": t.source,
                "doc_id": ex.doc_id,
                "start": t.start,
                "end": t.end,
            }
        ),
    )
    span = {"doc_id": ex.doc_id, "start": t.start, "end": t.end, "evidence": t.quantity.text}
    builder.relate("SETS_TARGET", policy, node, **span)
    inside = measures.around(t.start, t.end)
    if inside:
        builder.relate("INCLUDES_TARGET", inside[0][1], node, **span)
    indicator = indicator_node(builder, t.indicator, ex.doc_id, t.quantity.dimension)
    if indicator:
        builder.relate("FOR_INDICATOR", node, indicator, **{**span, "evidence": t.indicator})


def _observation(
    builder: GraphBuilder, ex: Extraction, n: int, o: Observation, policy: str
) -> None:
    growth, share = o.growth, o.share
    node = builder.node(
        "Observation",
        f"{ex.doc_id}#observation{n}@{o.start}",
        **_present(
            {
                "name": _name(o.indicator, o.quantity),
                "indicator_text": o.indicator,
                **_quantity(o.quantity),
                "unit": o.quantity.unit,
                "year": o.year,
                "period": o.period,
                "qualifier": o.qualifier,
                "growth": _number(growth.value) if growth else None,
                "growth_unit": growth.unit if growth else None,
                "growth_kind": o.growth_kind if growth else None,
                "share": _number(share.value) if share else None,
                "share_of": o.share_of if share else None,
                "basis": o.basis,
                "data_source": o.source,
                "section": o.section,
                "doc_id": ex.doc_id,
                "start": o.start,
                "end": o.end,
            }
        ),
    )
    span = {"doc_id": ex.doc_id, "start": o.start, "end": o.end, "evidence": o.quantity.text}
    builder.relate("OBSERVED_IN", node, policy, **span)
    indicator = indicator_node(builder, o.indicator, ex.doc_id, o.quantity.dimension)
    if indicator:
        builder.relate("OBSERVED_FOR", node, indicator, **{**span, "evidence": o.indicator})
    if o.region:
        region = region_node(builder, o.region, ex.doc_id)
        builder.relate("FOR_REGION", node, region, **{**span, "evidence": o.region})
