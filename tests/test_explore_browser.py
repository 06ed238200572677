"""The explorer in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Opens the page written for the whole bundled graph from disk, searches an agency by an alias,
checks its measures are listed and a measure's text marks the unit, takes screenshots, and
requires no console error and no request beyond the file itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CHROMIUM_TIMEOUT_MS

from policykg.cli import bundled_texts
from policykg.extract.pipeline import extract_file, iter_text_files
from policykg.graph.builder import build_graph
from policykg.graph.explore import write_explorer

ALIAS = "市商务委"  # 002 line 68: "(责任单位:市商务委、市科委…"; canonical 上海市商务委员会
AGENCY = "上海市商务委员会"
# 002 line 102-107: "(七)推动扩展跨境电商进口业务 …(责任单位:市商务委、上海海关、临港…"
LED_MEASURE = "推动扩展跨境电商进口业务"

pytestmark = pytest.mark.browser  # the `page` fixture (conftest.py) skips without Chromium


@pytest.fixture(scope="module")
def explorer_file(tmp_path_factory) -> Path:
    graph = build_graph([extract_file(p) for p in iter_text_files([bundled_texts()])])
    return write_explorer(graph, tmp_path_factory.mktemp("explorer") / "explorer.html")


def test_explore_browser_search_alias_lists_the_agency_measures(page, explorer_file, tmp_path):
    page.goto(explorer_file.as_uri())
    page.fill("#search", ALIAS)
    first = page.locator("#results li").first
    first.wait_for()
    assert first.inner_text().startswith(AGENCY)
    first.click()
    page.locator("#details .measure-list li").first.wait_for()
    assert page.inner_text("#details h2") == AGENCY
    led = page.locator('#details .measure-list[data-relation="LEADS"] li')
    assert led.count() == 11
    assert any(LED_MEASURE in text for text in led.all_inner_texts())
    page.locator("#status[data-mode=focus]").wait_for()
    page.wait_for_timeout(1500)  # let the neighbourhood settle for the picture
    page.screenshot(path=str(tmp_path / "explorer-agency.png"))

    page.locator("#details .measure-list li", has_text=LED_MEASURE).first.click()
    page.locator("#details .evidence mark.lead").first.wait_for()
    assert page.inner_text("#details h2") == LED_MEASURE
    assert page.locator("#details .evidence mark.lead").all_inner_texts() == [ALIAS]
    page.wait_for_timeout(1500)
    page.screenshot(path=str(tmp_path / "explorer-measure.png"))

    assert page.errors == []
    assert page.requests == [explorer_file.as_uri()]
    keep = _screenshot_dir()
    if keep is not None:
        for name in ("explorer-agency.png", "explorer-measure.png"):
            shutil.copy(tmp_path / name, keep / name)


def test_explore_browser_whole_graph_lays_out_without_errors(page, explorer_file, tmp_path):
    page.goto(explorer_file.as_uri())
    status = page.locator("#status[data-mode=overview]")
    status.wait_for()
    nodes = int(status.get_attribute("data-nodes"))
    assert nodes > 1000  # the whole bundled graph, not a sample
    page.locator("#status[data-state=settled]").wait_for(timeout=4 * CHROMIUM_TIMEOUT_MS)
    page.screenshot(path=str(tmp_path / "explorer-overview.png"))
    assert int(status.get_attribute("data-ticks")) >= 250  # the layout ran its course
    assert page.errors == []
    keep = _screenshot_dir()
    if keep is not None:
        shutil.copy(tmp_path / "explorer-overview.png", keep / "explorer-overview.png")


def _screenshot_dir() -> Path | None:
    """$POLICYKG_SCREENSHOTS, when set: where to keep the screenshots for a person to look at."""
    where = os.environ.get("POLICYKG_SCREENSHOTS")
    if not where:
        return None
    path = Path(where)
    path.mkdir(parents=True, exist_ok=True)
    return path
