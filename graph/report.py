"""Charts for reports, as PNG and SVG: who is responsible for measures, who works with whom,
and which targets fall due when.

- `agency-ranking`: agencies ranked by the measures they lead and support;
- `co-responsibility`: agencies linked by the measures they share (as lead or support), line
  width by the number of shared measures;
- `targets-by-year`: quantified targets by target year, stacked by the policy that sets them;
  a graph without dated targets gets a chart that says so instead of no file.

Chinese labels need a CJK font; it is chosen by file path (`$POLICYKG_CJK_FONT`, else the
fonts fontconfig lists for Chinese, else any system font that covers the CJK Unified
Ideographs), so the charts never depend on matplotlib's font cache. SVG keeps text as text
(`svg.fonttype: none`): the names stay searchable and selectable.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib
import networkx as nx
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D

from policykg.ontology.schema import GraphSchema, load_schema

from .browser.style import class_styles
from .explore import UNIT_ROLES

logger = logging.getLogger(__name__)

FONT_ENV = "POLICYKG_CJK_FONT"
CJK_BLOCK = range(0x4E00, 0xA000)  # CJK Unified Ideographs
MIN_CJK_COVERAGE = 0.9  # share of the block a font must cover to draw Chinese labels
FORMATS = ("png", "svg")
ROLE_COLOURS = {"lead": "#CF222E", "support": "#0969DA"}  # as in the HTML explorer
TARGET_CLASS = "Target"
TARGET_YEAR = "year"
POLICY_CLASS = "Policy"  # targets are stacked by the policy that sets them


class FontError(RuntimeError):
    """No font that can draw Chinese was found."""


@dataclass(frozen=True, slots=True)
class AgencyLoad:
    name: str
    level: str
    led: int  # distinct measures led
    supported: int  # distinct measures supported

    @property
    def total(self) -> int:
        return self.led + self.supported


# ---------------------------------------------------------------- fonts


def _covers_cjk(path: str) -> bool:
    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    covered = sum(1 for code in CJK_BLOCK if code in charmap)
    return covered >= MIN_CJK_COVERAGE * len(CJK_BLOCK)


def _fontconfig_candidates() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    result = subprocess.run(
        [fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=False
    )
    files = {line.split(":")[0].strip() for line in result.stdout.splitlines() if line.strip()}
    return sorted(files)


def _preference(path: str) -> tuple[int, int, str]:
    """Sans before serif, regular before bold, then by path (deterministic)."""
    name = Path(path).name.lower()
    return ("serif" in name and "sans" not in name, "bold" in name or "black" in name, path)


@cache
def cjk_font_path() -> Path:
    """A font file that draws Chinese. Raises FontError with what to install when none is."""
    chosen = os.environ.get(FONT_ENV)
    if chosen:
        if not Path(chosen).is_file() or not _covers_cjk(chosen):
            raise FontError(f"{FONT_ENV}={chosen} is not a readable font covering Chinese")
        return Path(chosen)
    for candidates in (_fontconfig_candidates, font_manager.findSystemFonts):
        for path in sorted(candidates(), key=_preference):
            if _covers_cjk(path):
                return Path(path)
    raise FontError(
        "no font that can draw Chinese was found: install one (Debian: "
        "`apt-get install fonts-noto-cjk`, or run scripts/install-system-deps.sh) "
        f"or set {FONT_ENV} to a .ttf/.otf/.ttc file"
    )


@cache
def cjk_font_family() -> str:
    """Register the CJK font with matplotlib by path and return its family name (the
    Simplified Chinese face of a collection when it has one)."""
    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    names = [e.name for e in font_manager.fontManager.ttflist if e.fname == path]
    simplified = [n for n in names if n.endswith(" SC")]
    return (simplified or names)[0]


def _rc() -> dict[str, object]:
    return {
        "font.family": [cjk_font_family(), "DejaVu Sans"],
        "axes.unicode_minus": False,
        "svg.fonttype": "none",  # text stays text in SVG
        "savefig.dpi": 150,
    }


# ---------------------------------------------------------------- data


def _unit_edges(graph: nx.MultiDiGraph) -> Iterable[tuple[str, str, str]]:
    """(agency node, measure node, role) for every responsibility relationship."""
    for u, v, data in graph.edges(data=True):
        role = UNIT_ROLES.get(data.get("type", ""))
        if role:
            yield u, v, role


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    return str(data.get("name") or data.get("key") or node)


def agency_loads(graph: nx.MultiDiGraph) -> list[AgencyLoad]:
    """Agencies with at least one measure, most led first, then most supported, then name."""
    measures: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for agency, measure, role in _unit_edges(graph):
        measures[agency][role].add(measure)
    loads = [
        AgencyLoad(
            _name(graph, agency),
            str(graph.nodes[agency].get("level", "")),
            len(roles["lead"]),
            len(roles["support"]),
        )
        for agency, roles in measures.items()
    ]
    return sorted(loads, key=lambda a: (-a.led, -a.supported, a.name))


def co_responsibility(graph: nx.MultiDiGraph) -> nx.Graph:
    """Agencies (by name) linked when they share measures; `weight` = measures shared.
    Every agency with a measure is a node (`measures`, `level`), linked or not."""
    units: dict[str, set[str]] = defaultdict(set)
    for agency, measure, _role in _unit_edges(graph):
        units[measure].add(agency)
    network = nx.Graph()
    for name, agency in _agencies_by_name(graph):
        network.add_node(name, level=str(graph.nodes[agency].get("level", "")), measures=0)
    for agencies in units.values():
        names = sorted({_name(graph, a) for a in agencies})
        for name in names:
            network.nodes[name]["measures"] += 1
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                weight = network.get_edge_data(a, b, {"weight": 0})["weight"]
                network.add_edge(a, b, weight=weight + 1)
    return network


def _agencies_by_name(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    agencies = {agency for agency, _m, _r in _unit_edges(graph)}
    return sorted((_name(graph, a), a) for a in agencies)


def _year(data: dict) -> int | None:
    year = data.get(TARGET_YEAR)
    if isinstance(year, bool) or not isinstance(year, int | float) or year != year:
        return None
    return int(year)


def undated_targets(graph: nx.MultiDiGraph) -> int:
    """Targets without a target year (left out of the chart, counted in its note)."""
    return sum(
        1 for _n, d in graph.nodes(data=True) if d.get("label") == TARGET_CLASS and _year(d) is None
    )


def targets_by_year(graph: nx.MultiDiGraph) -> dict[int, Counter[str]]:
    """Target year -> number of targets per setting policy (its name), years ascending."""
    by_year: dict[int, Counter[str]] = defaultdict(Counter)
    for node, data in graph.nodes(data=True):
        year = _year(data) if data.get("label") == TARGET_CLASS else None
        if year is None:
            continue
        setters = [
            _name(graph, u)
            for u, _v in graph.in_edges(node)
            if graph.nodes[u].get("label") == POLICY_CLASS
        ]
        by_year[year][min(setters) if setters else "?"] += 1
    return dict(sorted(by_year.items()))


# ---------------------------------------------------------------- charts


def _save(figure: Figure, out_dir: Path, stem: str) -> list[Path]:
    paths = []
    for fmt in FORMATS:
        path = out_dir / f"{stem}.{fmt}"
        figure.savefig(path, format=fmt, bbox_inches="tight", metadata=_metadata(fmt))
        paths.append(path)
    return paths


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date in SVG, so the same graph gives the same file.
    return {"Date": None} if fmt == "svg" else {}


def _empty(figure: Figure, title: str, message: str) -> None:
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, color="#656D76")


def ranking_chart(loads: list[AgencyLoad], top: int) -> Figure:
    shown = loads[:top]
    figure = Figure(figsize=(10, 1.5 + 0.34 * max(len(shown), 3)))
    title = f"Agencies ranked by measures led and supported (top {len(shown)} of {len(loads)})"
    if not shown:
        _empty(figure, title, "No measure in this graph names a responsible agency.")
        return figure
    ax = figure.add_subplot()
    names = [a.name for a in shown][::-1]
    led = [a.led for a in shown][::-1]
    supported = [a.supported for a in shown][::-1]
    ax.barh(names, led, color=ROLE_COLOURS["lead"], label="leads (measures)")
    ax.barh(names, supported, left=led, color=ROLE_COLOURS["support"], label="supports (measures)")
    for y, (lead, support) in enumerate(zip(led, supported, strict=True)):
        ax.text(lead + support + 0.3, y, f"{lead} + {support}", va="center", fontsize=8)
    ax.set_xlabel("measures")
    ax.set_title(title)
    ax.legend(loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.08)
    return figure


def network_chart(network: nx.Graph, schema: GraphSchema) -> Figure:
    figure = Figure(figsize=(16, 12))
    title = "Co-responsibility: agencies that share measures (line width: measures shared)"
    linked = network.subgraph([n for n in network if network.degree(n) > 0])
    if linked.number_of_edges() == 0:
        _empty(figure, title, "No two agencies share a measure in this graph.")
        return figure
    ax = figure.add_subplot()
    ax.set_axis_off()
    ax.set_title(title)
    positions = _component_layout(linked)
    levels = _level_colours(schema)
    weights = [d["weight"] for _a, _b, d in linked.edges(data=True)]
    strongest = max(weights)
    nx.draw_networkx_edges(
        linked,
        positions,
        ax=ax,
        width=[0.6 + 5 * w / strongest for w in weights],
        edge_color="#8C959F",
        alpha=0.55,
    )
    nx.draw_networkx_nodes(
        linked,
        positions,
        ax=ax,
        node_size=[40 + 25 * linked.nodes[n]["measures"] for n in linked],
        node_color=[levels.get(linked.nodes[n]["level"], "#A5ABB6") for n in linked],
        edgecolors="#42320480",
        linewidths=0.8,
    )
    for name, (x, y) in positions.items():
        ax.annotate(
            name, (x, y), xytext=(0, 7), textcoords="offset points", ha="center", fontsize=7
        )
    used = sorted({linked.nodes[n]["level"] for n in linked})
    handles = [
        Line2D([], [], marker="o", ls="", color=levels.get(level, "#A5ABB6"), label=level or "?")
        for level in used
    ]
    ax.legend(handles=handles, title="level", loc="lower left", frameon=False)
    return figure


def _component_layout(network: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected component laid out on its own with ForceAtlas2, whose anti-overlap
    sizes nodes by the length of their names (so labels collide less), then the components
    side by side."""
    positions: dict[str, tuple[float, float]] = {}
    left = 0.0
    components = sorted(nx.connected_components(network), key=lambda c: (-len(c), min(c)))
    for component in components:
        part = network.subgraph(component)
        laid = nx.forceatlas2_layout(
            part, max_iter=1000, node_size={n: 0.7 * len(n) for n in part}, seed=7
        )
        xs = [float(p[0]) for p in laid.values()]
        shift = left - min(xs)
        positions.update({n: (float(p[0]) + shift, float(p[1])) for n, p in laid.items()})
        left = max(xs) + shift + 5.0
    return positions


def _level_colours(schema: GraphSchema) -> dict[str, str]:
    """A colour per agency level the ontology allows, from the classes' palette."""
    try:
        levels = schema.property("level").allowed
    except KeyError:
        levels = ()
    palette = [s.color for s in class_styles(schema).values()]
    return {level: palette[(i + 1) % len(palette)] for i, level in enumerate(levels)}


def targets_chart(by_year: dict[int, Counter[str]], undated: int = 0) -> Figure:
    figure = Figure(figsize=(10, 6))
    title = "Quantified targets by target year"
    if undated:
        title += f" ({undated} without a year not shown)"
    if not by_year:
        _empty(
            figure,
            title,
            f"No {TARGET_CLASS} node with a `{TARGET_YEAR}` in this graph: the texts set no "
            "dated quantified target, or the extraction does not find targets yet.",
        )
        return figure
    ax = figure.add_subplot()
    years = list(by_year)
    policies = sorted({p for counts in by_year.values() for p in counts})
    colours = matplotlib.colormaps["tab20"].colors
    bottom = [0] * len(years)
    labels = [str(y) for y in years]
    for i, policy in enumerate(policies):
        counts = [by_year[y].get(policy, 0) for y in years]
        label = policy if len(policy) <= 28 else policy[:27] + "…"
        ax.bar(
            labels, counts, bottom=bottom, width=0.55, color=colours[i % len(colours)], label=label
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    for x, total in enumerate(bottom):
        ax.text(x, total, str(total), ha="center", va="bottom", fontsize=9)
    ax.set_xlabel("target year")
    ax.set_ylabel("targets")
    ax.set_title(title)
    ax.legend(title="set by", fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return figure


def write_report(
    graph: nx.MultiDiGraph, out_dir: Path, top: int = 25, schema: GraphSchema | None = None
) -> list[Path]:
    """Write every chart as PNG and SVG under `out_dir`; returns the paths written.
    Raises FontError when no font can draw Chinese."""
    schema = schema or load_schema()
    out_dir.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context(_rc()):
        charts = {
            "agency-ranking": ranking_chart(agency_loads(graph), top),
            "co-responsibility": network_chart(co_responsibility(graph), schema),
            "targets-by-year": targets_chart(targets_by_year(graph), undated_targets(graph)),
        }
        paths = []
        for stem, figure in charts.items():
            paths.extend(_save(figure, out_dir, stem))
    return paths
