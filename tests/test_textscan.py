"""One backwards scan for several word lists gives what `finditer` of each list's trie gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.extract.textscan import WordLists, trie_pattern


def spans_by_finditer(words: list[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(trie_pattern(words), text)]


def test_base_endings_and_gazetteer_names_in_one_scan():
    text = "依托张江人工智能岛、漕河泾开发区和国家文化出口基地(徐汇区),建设公共服务平台。"
    endings = ["基地", "出口基地", "开发区", "区", "岛", "服务平台", "平台"]
    known = ["漕河泾开发区", "张江"]
    found_endings, found_known = WordLists(endings, known).find(text)
    assert found_endings == spans_by_finditer(endings, text)
    assert found_known == spans_by_finditer(known, text)
    assert [text[s:e] for s, e in found_known] == ["张江", "漕河泾开发区"]
    assert "出口基地" in [text[s:e] for s, e in found_endings]  # the longest at its start


WORD = st.text(alphabet="区园中心平台基地出口开发", min_size=1, max_size=4)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    lists=st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=1, max_size=3),
    text=st.text(alphabet="区园中心平台基地出口开发,。 ", max_size=60),
)
def test_word_lists_match_finditer_on_random_texts(lists, text):
    found = WordLists(*lists).find(text)
    assert found == [spans_by_finditer(words, text) for words in lists]
