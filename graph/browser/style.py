"""Colours and captions per class of the ontology, and the Neo4j Browser style sheet.

Colours follow the Neo4j Browser's own default palette (as in neo4j-browser 5.24's graph
style), handed out in the ontology's class order, so the Browser, the HTML explorer and the
report charts show a class in the same colour. Classes beyond the palette get colours spread
round the hue circle by the golden angle. Nothing here names a class: the list comes from
`load_schema()`.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass

from policykg.ontology.schema import GraphSchema, load_schema

# (fill, border, text) of the Neo4j Browser's default node colours, in its order.
NEO4J_BROWSER_PALETTE: tuple[tuple[str, str, str], ...] = (
    ("#604A0E", "#423204", "#FFFFFF"),
    ("#C990C0", "#B261A5", "#FFFFFF"),
    ("#F79767", "#F36924", "#FFFFFF"),
    ("#57C7E3", "#23B3D7", "#2A2C34"),
    ("#F16667", "#EB2728", "#FFFFFF"),
    ("#D9C8AE", "#C0A378", "#2A2C34"),
    ("#8DCC93", "#5DB665", "#2A2C34"),
    ("#ECB5C9", "#DA7298", "#2A2C34"),
    ("#4C8EDA", "#2870C2", "#FFFFFF"),
    ("#FFC454", "#D7A013", "#2A2C34"),
    ("#DA7194", "#CC3C6C", "#FFFFFF"),
    ("#569480", "#447666", "#FFFFFF"),
)
# The Browser's defaults for every node and relationship, before the per-label rules.
NODE_DEFAULTS = {
    "diameter": "50px",
    "color": "#A5ABB6",
    "border-color": "#9AA1AC",
    "border-width": "2px",
    "text-color-internal": "#FFFFFF",
    "font-size": "10px",
}
RELATIONSHIP_DEFAULTS = {
    "color": "#A5ABB6",
    "shaft-width": "1px",
    "font-size": "8px",
    "padding": "3px",
    "text-color-external": "#000000",
    "text-color-internal": "#FFFFFF",
    "caption": '"<type>"',
}
CAPTION_PROPERTY = "name"  # shown on a node when the ontology gives its class a name
_GOLDEN_ANGLE = 0.381966  # of a turn


@dataclass(frozen=True, slots=True)
class ClassStyle:
    label: str
    label_zh: str
    color: str  # fill
    border: str
    text: str  # text drawn on the fill
    caption: str  # the property shown as the node's caption


def _generated(index: int) -> tuple[str, str, str]:
    """A colour for the index-th class beyond the palette (same lightness as the palette)."""
    hue = (index * _GOLDEN_ANGLE) % 1.0

    def hex_of(lightness: float) -> str:
        r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.55)
        return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"

    return hex_of(0.62), hex_of(0.45), "#2A2C34"


def _caption(schema: GraphSchema, label: str) -> str:
    """`name` where the ontology gives the class one, else the class's key property."""
    for prop in schema.properties:
        if prop.name == CAPTION_PROPERTY and prop.domain in ("", label):
            return CAPTION_PROPERTY
    return schema.node(label).key


def class_styles(schema: GraphSchema | None = None) -> dict[str, ClassStyle]:
    """Style of every class of the ontology, by label, in the ontology's order."""
    schema = schema or load_schema()
    styles = {}
    for index, node in enumerate(schema.nodes):
        if index < len(NEO4J_BROWSER_PALETTE):
            color, border, text = NEO4J_BROWSER_PALETTE[index]
        else:
            color, border, text = _generated(index)
        styles[node.label] = ClassStyle(
            node.label, node.label_zh, color, border, text, _caption(schema, node.label)
        )
    return styles


def _rule(selector: str, properties: dict[str, str]) -> str:
    body = "".join(f"  {name}: {value};\n" for name, value in properties.items())
    return f"{selector} {{\n{body}}}\n"


def grass(schema: GraphSchema | None = None) -> str:
    """The Neo4j Browser style sheet (GraSS): a colour and a caption per label.

    Load it in the Browser with `:style` (drop the file on the frame) or by dropping it on
    the Browser window."""
    rules = [_rule("node", NODE_DEFAULTS), _rule("relationship", RELATIONSHIP_DEFAULTS)]
    for style in class_styles(schema).values():
        rules.append(
            _rule(
                f"node.{style.label}",
                {
                    "color": style.color,
                    "border-color": style.border,
                    "text-color-internal": style.text,
                    "caption": f'"{{{style.caption}}}"',
                },
            )
        )
    return "\n".join(rules)
