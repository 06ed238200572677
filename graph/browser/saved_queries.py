"""The named queries (`queries/*.cypher`) as scripts for the Neo4j Browser's Favorites.

The Browser names a saved script after its first line when that is a comment, and runs a
script of several `;`-terminated statements one after the other (its multi-statement editor,
on by default). So each script starts with the query's title, keeps its description, and sets
every parameter with `:param` before the statement: a parameter the Browser does not know
would fail the query, and the named queries read a null parameter as "use the default".
"""

from __future__ import annotations

import textwrap

from policykg.queries.library import NamedQuery, load_queries

SUFFIX = ".cypher"
_WIDTH = 96


def _comment(text: str) -> list[str]:
    return [f"// {line}" for line in textwrap.wrap(text, _WIDTH - 3)] or ["//"]


def saved_script(query: NamedQuery) -> str:
    """One Browser script: title line, description, `:param` lines, the statement."""
    lines = [f"// {query.title}", *_comment(query.description)]
    lines.append(f"// Named query `{query.name}` (policykg query {query.name}).")
    if query.parameters:
        lines.append("// Set the parameters below (null means the query's default), then run all.")
        for param in query.parameters:
            lines.extend(_comment(f"{param.name}: {param.description}"))
        lines.extend(f":param {param.name} => null;" for param in query.parameters)
    lines.append(f"{query.cypher};")
    return "\n".join(lines) + "\n"


def saved_scripts() -> dict[str, str]:
    """File name -> script text for every bundled named query, in name order."""
    return {f"{name}{SUFFIX}": saved_script(q) for name, q in sorted(load_queries().items())}
