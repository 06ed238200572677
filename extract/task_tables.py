"""Task-division tables (任务分工表): one measure per row, roles given by the column headers.

    序号	重点任务	牵头单位	配合单位
    1	推进服务贸易创新发展试点	市商务委	市发展改革委、市财政局

Cleaned text keeps each table row on its own line with TAB (or wide-space) separated cells.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .agencies import AgencyGazetteer
from .records import Measure
from .responsibility import parse_unit_list, vocabulary

_SEPARATOR = re.compile(r"\t| {2,}")


def _has_separator(line: str) -> bool:
    """`_SEPARATOR.search(line)`, by `in`: the pattern has no literal for `re` to jump to."""
    return "\t" in line or "  " in line


def _cells(line: str, offset: int) -> list[tuple[str, int]]:
    """Cells of one row with their start offsets; separators are TABs or 2+ spaces."""
    cells = []
    start = 0
    for m in _SEPARATOR.finditer(line):
        cells.append((line[start : m.start()], offset + start))
        start = m.end()
    cells.append((line[start:], offset + start))
    return [(c.strip(), o + len(c) - len(c.lstrip())) for c, o in cells]


def find_table_measures(
    text: str, gazetteer: AgencyGazetteer, jurisdiction: str | None = None
) -> list[Measure]:
    """Measures from every task-division table in a cleaned text."""
    vocab = vocabulary()
    lead_headers = vocab.table_lead_headers
    support_headers = vocab.table_support_headers
    lines = _lines(text)
    measures: list[Measure] = []
    i = 0
    while i < len(lines):
        line, offset = lines[i]
        i += 1
        if not _has_separator(line):
            continue
        header = [c for c, _ in _cells(line, offset)]
        lead_col = _column(header, lead_headers)
        if lead_col is None:
            continue
        support_col = _column(header, support_headers)
        task_col = _column_containing(header, vocab.table_task_headers)
        number_col = _column_containing(header, vocab.table_number_headers)
        # With a separate support column, the lead column lists leads only.
        lead_mode = "lead" if support_col is not None else "first"
        row_number = 0
        while i < len(lines) and _has_separator(lines[i][0]):
            row, row_offset = lines[i]
            i += 1
            cells = _cells(row, row_offset)
            if len(cells) != len(header) or cells[lead_col][0] == header[lead_col]:
                continue  # a wrapped cell or a header repeated after a page break
            row_number += 1
            units = parse_unit_list(
                cells[lead_col][0],
                gazetteer,
                jurisdiction,
                base=cells[lead_col][1],
                mode=lead_mode,
            )
            if support_col is not None:
                support = parse_unit_list(
                    cells[support_col][0],
                    gazetteer,
                    jurisdiction,
                    base=cells[support_col][1],
                    mode="support",
                )
                shift = len(units)
                units += tuple(replace(u, position=u.position + shift) for u in support)
            number = cells[number_col][0] if number_col is not None else str(row_number)
            task_text, _ = cells[task_col] if task_col is not None else cells[0]
            measures.append(
                Measure(
                    id=number,
                    title=task_text,
                    text=row,
                    start=row_offset,
                    end=row_offset + len(row),
                    units=units,
                    section="",
                    list_spans=((cells[lead_col][1], row_offset + len(row)),),
                )
            )
    return measures


def _lines(text: str) -> list[tuple[str, int]]:
    lines = []
    offset = 0
    for line in text.split("\n"):
        lines.append((line, offset))
        offset += len(line) + 1
    return lines


def _column(header: list[str], words: tuple[str, ...]) -> int | None:
    for i, cell in enumerate(header):
        if cell.replace(" ", "") in words:
            return i
    return None


def _column_containing(header: list[str], words: tuple[str, ...]) -> int | None:
    for i, cell in enumerate(header):
        if any(w in cell for w in words):
            return i
    return None
