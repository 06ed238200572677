"""Agency gazetteer: resolution, recognition of unseen names, `find`, elided prefixes.

Inputs are cleaned text (NFKC, paragraph line breaks removed), so sentences copied from the
seed texts appear here with ASCII punctuation. Seed texts are cited as file prefix and line.
"""

from __future__ import annotations

import csv
import io
import time
from importlib import resources
from pathlib import Path

import pytest

from policykg.extract.agencies import (
    AgencyGazetteer,
    AgencyName,
    expand_elided,
    load_alias_rows,
    normalise,
    trie_pattern,
)
from policykg.extract.records import AgencyLevel

TEXTS = Path(__file__).resolve().parents[1] / "data" / "texts"


@pytest.fixture(scope="module")
def gaz() -> AgencyGazetteer:
    return AgencyGazetteer.default()


def spans(gaz: AgencyGazetteer, text: str, jurisdiction: str | None = "上海") -> list[tuple]:
    return [(s, e, surface, n.canonical) for s, e, surface, n in gaz.find(text, jurisdiction)]


# ---- resolve: known aliases ------------------------------------------------------------------


def test_agencies_resolve_municipal_short_form(gaz: AgencyGazetteer) -> None:
    # 002 l.49-51: (责任单位:市经济信息化委、…)
    assert gaz.resolve("市经济信息化委") == AgencyName(
        "上海市经济和信息化委员会", "municipal", True
    )


def test_agencies_resolve_central_vertical_branch_is_national(gaz: AgencyGazetteer) -> None:
    # 002 (十五): 市税务局 is 国家税务总局上海市税务局, not a municipal bureau
    assert gaz.resolve("市税务局") == AgencyName("国家税务总局上海市税务局", "national", True)


def test_agencies_resolve_informal_names_of_field_office(gaz: AgencyGazetteer) -> None:
    # 001 l.402 数据来源:上海市外汇管理局; l.630 数据来源:UNCTAD、上海外汇管理局
    expected = AgencyName("国家外汇管理局上海市分局", "national", True)
    assert gaz.resolve("上海市外汇管理局") == expected
    assert gaz.resolve("上海外汇管理局") == expected


def test_agencies_resolve_short_place_form_through_full_form(gaz: AgencyGazetteer) -> None:
    # 001 l.430 根据上海经济和信息化委员会的统计 (上海 without 市)
    name = gaz.resolve("上海经济和信息化委员会")
    assert name == AgencyName("上海市经济和信息化委员会", "municipal", True)


def test_agencies_resolve_national_short_form_in_signature_block(gaz: AgencyGazetteer) -> None:
    # 000 l.6838-6848: 发展改革委 among the 27 signatories
    assert gaz.resolve("发展改革委") == AgencyName("国家发展和改革委员会", "national", True)


def test_agencies_resolve_ignores_spaces_and_width(gaz: AgencyGazetteer) -> None:
    # 000 l.6838: signatories separated by U+3000
    assert gaz.resolve("商务部\u3000") == AgencyName("中华人民共和国商务部", "national", True)


def test_agencies_resolve_historical_marker(gaz: AgencyGazetteer) -> None:
    # 000: 原文化部 is the former Ministry of Culture, kept distinct from 文化和旅游部
    assert gaz.resolve("原文化部") == AgencyName("中华人民共和国文化部", "national", True)


# ---- resolve: jurisdiction ---------------------------------------------------------------------


def test_agencies_resolve_relative_alias_in_other_jurisdiction(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("市商务局", "广州") == AgencyName("广州市商务局", "municipal", False)


def test_agencies_resolve_shanghai_short_form_not_used_elsewhere(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("市商务委", "广州") == AgencyName("广州市商务委", "municipal", False)


def test_agencies_resolve_province_prefix_from_city_jurisdiction(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("省商务厅", "广州") == AgencyName("广东省商务厅", "other", False)


def test_agencies_resolve_party_department_of_other_city(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("市委宣传部", "广州") == AgencyName("中共广州市委宣传部", "municipal", False)


def test_agencies_resolve_unknown_jurisdiction_uses_table(gaz: AgencyGazetteer) -> None:
    # a Shanghai report whose jurisdiction the pipeline could not tell
    assert gaz.resolve("市商务委", None) == AgencyName("上海市商务委员会", "municipal", True)


def test_agencies_resolve_full_jurisdiction_name(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("市商务委", "上海市") == AgencyName("上海市商务委员会", "municipal", True)


# ---- resolve: unseen names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "level"),
    [
        ("广州市商务局", "municipal"),
        ("深圳市发展和改革委员会", "municipal"),
        ("浙江省商务厅", "other"),
        ("杭州市余杭区人民政府", "district"),
        ("国家乡村振兴局", "national"),
        ("广州海关", "national"),
    ],
)
def test_agencies_resolve_unseen_name_level(
    gaz: AgencyGazetteer, surface: str, level: AgencyLevel
) -> None:
    assert gaz.resolve(surface) == AgencyName(surface, level, False)


def test_agencies_resolve_known_province_body(gaz: AgencyGazetteer) -> None:
    # 001 l.333 …数据来自江苏省商务厅
    assert gaz.resolve("江苏省商务厅") == AgencyName("江苏省商务厅", "other", True)


def test_agencies_resolve_new_national_body(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("国家数据局") == AgencyName("国家数据局", "national", True)


def test_agencies_resolve_government_gets_official_name(gaz: AgencyGazetteer) -> None:
    assert gaz.resolve("广州市政府") == AgencyName("广州市人民政府", "municipal", False)


def test_agencies_resolve_district_prefixed_with_city(gaz: AgencyGazetteer) -> None:
    # 002 names Shanghai districts without 上海市 (虹口区政府); an unlisted body of one
    assert gaz.resolve("虹口区科委") == AgencyName("上海市虹口区科委", "district", False)


def test_agencies_resolve_branch_of_known_body(gaz: AgencyGazetteer) -> None:
    name = gaz.resolve("国家外汇管理局深圳市分局")
    assert name == AgencyName("国家外汇管理局深圳市分局", "national", False)


def test_agencies_resolve_department_of_ministry(gaz: AgencyGazetteer) -> None:
    name = gaz.resolve("商务部外资司")
    assert name == AgencyName("中华人民共和国商务部外资司", "national", False)


# ---- resolve: collectives and brackets ----------------------------------------------------------


def test_agencies_resolve_collective_district_governments(gaz: AgencyGazetteer) -> None:
    # 002 (十九): (责任单位:各区政府、中信保上海分公司)
    name = gaz.resolve("各区政府")
    assert name == AgencyName("上海市各区人民政府（集合）", "collective", True)


def test_agencies_resolve_collective_in_other_jurisdiction(gaz: AgencyGazetteer) -> None:
    name = gaz.resolve("相关区政府", "广州")
    assert name == AgencyName("广州市相关区人民政府（集合）", "collective", False)


def test_agencies_resolve_collective_city_departments(gaz: AgencyGazetteer) -> None:
    # 003 addressees: 各区人民政府,市政府各委、办、局
    name = gaz.resolve("市政府各委、办、局", "广州")
    assert name == AgencyName("广州市人民政府各委、办、局（集合）", "collective", False)


def test_agencies_resolve_collective_districts_and_county_cities(gaz: AgencyGazetteer) -> None:
    # the addressee line of a prefecture-level city's notice
    name = gaz.resolve("各区、县级市", "广州")
    assert name == AgencyName("广州市各区、县级市（集合）", "collective", False)


def test_agencies_resolve_generic_collective(gaz: AgencyGazetteer) -> None:
    # 002 l.14 各相关单位
    assert gaz.resolve("各相关单位") == AgencyName("各相关单位（集合）", "collective", False)


def test_agencies_resolve_unnamed_co_issuers(gaz: AgencyGazetteer) -> None:
    # 000: 商务部等27部门关于推进对外文化贸易高质量发展的意见
    name = gaz.resolve("商务部等27部门")
    assert name == AgencyName("商务部等27部门（集合）", "collective", False)


def test_agencies_resolve_bracketed_alternate_name(gaz: AgencyGazetteer) -> None:
    # 002 l.274: 浦东新区政府(上海自贸试验区管委会) is one unit
    name = gaz.resolve("浦东新区政府(上海自贸试验区管委会)")
    assert name == AgencyName("上海市浦东新区人民政府", "district", True)


# ---- looks_like_agency --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "surface",
    ["市商务委", "广州市商务局", "深圳市发展和改革委员会", "江苏省商务厅", "杭州市余杭区人民政府",
     "国家数据局", "各区政府", "浦东新区政府(上海自贸试验区管委会)", "中国进出口银行上海分行"],
)  # fmt: skip
def test_agencies_looks_like_agency_accepts_bodies(gaz: AgencyGazetteer, surface: str) -> None:
    assert gaz.looks_like_agency(surface)


@pytest.mark.parametrize(
    "surface",
    # 000 l.1297 上海数字贸易企业; 001 l.1017 上海沐瞳科技有限公司; 跨境电商企业, 服务贸易
    ["数字贸易企业", "上海沐瞳科技有限公司", "服务贸易", "跨境电商企业", "数字贸易", "优化产业布局",
     "落实国家战略部署", "建设数字政府", "上海中外律师事务所联营办公室"],
)  # fmt: skip
def test_agencies_looks_like_agency_rejects_non_bodies(gaz: AgencyGazetteer, surface: str) -> None:
    assert not gaz.looks_like_agency(surface)


# ---- find ---------------------------------------------------------------------------------------


def test_agencies_find_responsibility_list_offsets(gaz: AgencyGazetteer) -> None:
    # 002 l.49-51
    text = "(责任单位:市经济信息化委、市通信管理局、浦东新区政府、临港新片区管委会)"
    assert spans(gaz, text) == [
        (6, 13, "市经济信息化委", "上海市经济和信息化委员会"),
        (14, 20, "市通信管理局", "上海市通信管理局"),
        (21, 27, "浦东新区政府", "上海市浦东新区人民政府"),
        (28, 36, "临港新片区管委会", "中国（上海）自由贸易试验区临港新片区管理委员会"),
    ]


def test_agencies_find_bracketed_names_separately(gaz: AgencyGazetteer) -> None:
    # 002 l.272-276
    text = "(责任单位:市委网信办、市数据局、市经济信息化委、浦东新区政府(上海自贸试验区管委会)、临港新片区管委会)"
    assert [(s, e, surface) for s, e, surface, _ in spans(gaz, text)] == [
        (6, 11, "市委网信办"),
        (12, 16, "市数据局"),
        (17, 24, "市经济信息化委"),
        (25, 31, "浦东新区政府"),
        (32, 42, "上海自贸试验区管委会"),
        (44, 52, "临港新片区管委会"),
    ]


def test_agencies_find_signature_block(gaz: AgencyGazetteer) -> None:
    # 000 l.6838-6848: 27 signatories, separated by U+3000 (NFKC: spaces)
    text = (
        "商务部 中央宣传部 中央网信办 外交部 发展改革委 教育部 科技部 工业和信息化部 财政部 "
        "人力资源社会保障部 住房城乡建设部 文化和旅游部 人民银行 海关总署 税务总局 广电总局 "
        "体育总局 统计局 港澳办 银保监会 证监会 文物局 中医药局 外汇局 知识产权局 贸促会 外文局"
    )
    found = gaz.find(text)
    assert [surface for _, _, surface, _ in found] == text.split(" ")
    assert {(n.level, n.known) for *_, n in found} == {("national", True)}


def test_agencies_find_adjacent_names_without_separator(gaz: AgencyGazetteer) -> None:
    # 001 l.157 上海市委市政府高度重视数字贸易的发展
    assert spans(gaz, "上海市委市政府高度重视数字贸易的发展") == [
        (0, 4, "上海市委", "中国共产党上海市委员会"),
        (4, 7, "市政府", "上海市人民政府"),
    ]


def test_agencies_find_collective_addressees_not_generic_ones(gaz: AgencyGazetteer) -> None:
    # 002 l.14: the two named collectives are mentions, 各相关单位 is not a body
    assert spans(gaz, "各区人民政府,市政府各委、办、局,各相关单位:") == [
        (0, 6, "各区人民政府", "上海市各区人民政府（集合）"),
        (7, 16, "市政府各委、办、局", "上海市人民政府各委、办、局（集合）"),
    ]


def test_agencies_find_province_bodies_after_verb(gaz: AgencyGazetteer) -> None:
    # 001 l.333
    text = "江苏省可数字化交付服务贸易额来自江苏省商务厅;安徽省数据来自安徽省商务厅。"
    assert spans(gaz, text) == [
        (16, 22, "江苏省商务厅", "江苏省商务厅"),
        (30, 36, "安徽省商务厅", "安徽省商务厅"),
    ]


def test_agencies_find_unseen_names_of_other_cities(gaz: AgencyGazetteer) -> None:
    # the shape of 002 l.49-51 with bodies of other cities (none occur in the seed texts)
    text = "(责任单位:深圳市发展和改革委员会、广州市商务局、杭州市余杭区人民政府)"
    assert [(s, e, s_, n.level, n.known) for s, e, s_, n in gaz.find(text)] == [
        (6, 17, "深圳市发展和改革委员会", "municipal", False),
        (18, 24, "广州市商务局", "municipal", False),
        (25, 35, "杭州市余杭区人民政府", "district", False),
    ]


def test_agencies_find_relative_aliases_in_other_jurisdiction(gaz: AgencyGazetteer) -> None:
    text = "(责任单位:市商务局、市委宣传部)"
    assert spans(gaz, text, "广州") == [
        (6, 10, "市商务局", "广州市商务局"),
        (11, 16, "市委宣传部", "中共广州市委宣传部"),
    ]


def test_agencies_find_place_before_alias_belongs_to_it(gaz: AgencyGazetteer) -> None:
    # 统计局 alone is 国家统计局; with a city in front it is that city's bureau
    assert spans(gaz, "数据来源:广州市统计局") == [(5, 11, "广州市统计局", "广州市统计局")]


def test_agencies_find_field_office_not_split(gaz: AgencyGazetteer) -> None:
    # 000 l.4407 根据国家外汇管理局上海市分局的统计数据
    text = "根据国家外汇管理局上海市分局的统计数据,2021年,上海市浦东新区的服务进出口规模为"
    assert spans(gaz, text) == [(2, 14, "国家外汇管理局上海市分局", "国家外汇管理局上海市分局")]


def test_agencies_find_unseen_commission_by_shape(gaz: AgencyGazetteer) -> None:
    # 000 l.2164
    text = "(3)上海国际经济贸易仲裁委员会(上海国际仲裁中心)。"
    assert spans(gaz, text) == [(3, 16, "上海国际经济贸易仲裁委员会", "上海国际经济贸易仲裁委员会")]


def test_agencies_find_rejects_department_word(gaz: AgencyGazetteer) -> None:
    # 003 l.802: 财政部门 (finance departments) is not 财政部
    assert (
        gaz.find("位年报和部门决算报表审计、财政部门为小微企业购买代理记账服务等政策,推进会") == []
    )


def test_agencies_find_rejects_document_number_prefix(gaz: AgencyGazetteer) -> None:
    # 000 l.10266
    assert gaz.find("和管理办法》的通知(沪府办〔2016〕75号)") == []


def test_agencies_find_rejects_clause_ending_in_government(gaz: AgencyGazetteer) -> None:
    # 004 l.368
    text = "贸易、投资、消费和流通领域改革试点任务。健全政府与企业、市民的信息沟通和交流机制,发挥新"
    assert gaz.find(text) == []


def test_agencies_find_rejects_company(gaz: AgencyGazetteer) -> None:
    # 001 l.1017: a table row
    assert gaz.find("16\t上海沐瞳科技有限公司\t数字内容\t嘉定") == []


def test_agencies_find_extends_branch_after_known_body(gaz: AgencyGazetteer) -> None:
    assert spans(gaz, "由中国进出口银行上海分行牵头") == [
        (1, 12, "中国进出口银行上海分行", "中国进出口银行上海分行")
    ]


def test_agencies_find_offsets_match_surfaces_on_seed_text(gaz: AgencyGazetteer) -> None:
    text = (TEXTS / "002_a47502b2fdd9fb63_digital-and-service-trade-plan-2024.txt").read_text(
        encoding="utf-8"
    )
    found = gaz.find(normalise_paragraphs(text))
    assert found and all(normalise_paragraphs(text)[s:e] == surface for s, e, surface, _ in found)
    starts = [s for s, *_ in found]
    assert starts == sorted(starts)
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))


def test_agencies_find_speed(gaz: AgencyGazetteer) -> None:
    # the brief: well above 5 MB/s on 000 joined; the pipeline needs >= 1M chars/s overall
    raw = (TEXTS / "000_3d47e5cdee8e0dbc_service-trade-report-2022.txt").read_text("utf-8")
    text = raw.replace("\n\n", "")
    gaz.find(text)  # warm the caches
    start = time.perf_counter()
    gaz.find(text)
    elapsed = time.perf_counter() - start
    assert len(text.encode("utf-8")) / elapsed > 5e6


def normalise_paragraphs(raw: str) -> str:
    """A stand-in for the cleaner: NFKC and visual line breaks removed."""
    import unicodedata

    return unicodedata.normalize("NFKC", raw).replace("\n\n", "")


# ---- expand_elided ------------------------------------------------------------------------------


def test_agencies_expand_elided_province_prefix(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("省发展改革委", "财政厅") == "省财政厅"


def test_agencies_expand_elided_city_prefix_into_known_name(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("市商务委", "统计局") == "市统计局"


def test_agencies_expand_elided_keeps_ministry(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("市商务委", "财政部") is None


def test_agencies_expand_elided_not_from_central_prefix(gaz: AgencyGazetteer) -> None:
    # 000 l.6524-6526: (中央宣传部、发展改革委、商务部…按职责分工负责)
    assert gaz.expand_elided("中央宣传部", "发展改革委") is None


def test_agencies_expand_elided_surface_with_own_prefix(gaz: AgencyGazetteer) -> None:
    # 002 l.49-51: 市通信管理局 follows 市经济信息化委 and has its own prefix
    assert gaz.expand_elided("市经济信息化委", "市通信管理局") is None


def test_agencies_expand_elided_party_department(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("市委宣传部", "组织部") == "市委组织部"


def test_agencies_expand_elided_place_prefix(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("江苏省发展改革委", "商务厅") == "江苏省商务厅"


def test_agencies_expand_elided_national_prefix_only_into_known(gaz: AgencyGazetteer) -> None:
    assert gaz.expand_elided("国家税务总局", "外汇管理局") == "国家外汇管理局"
    assert gaz.expand_elided("国家发展改革委", "商务厅") is None


def test_agencies_expand_elided_module_helper() -> None:
    assert expand_elided("省发展改革委", "财政厅") == "省财政厅"


# ---- data and helpers ---------------------------------------------------------------------------


def _alias_rows() -> list[dict[str, str]]:
    text = resources.files("policykg.data").joinpath("agencies.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_agencies_data_canonical_names_are_aliases() -> None:
    rows = _alias_rows()
    aliases = {normalise(r["alias"]) for r in rows}
    assert {normalise(r["canonical"]) for r in rows} <= aliases


def test_agencies_data_collective_label_matches_level() -> None:
    rows = load_alias_rows(
        resources.files("policykg.data").joinpath("agencies.csv").read_text(encoding="utf-8")
    )
    assert all((r.level == "collective") == r.canonical.endswith("（集合）") for r in rows)


def test_agencies_data_alias_has_one_canonical_per_jurisdiction() -> None:
    seen: dict[tuple[str, str], str] = {}
    for r in _alias_rows():
        key = (normalise(r["alias"]), r["jurisdiction"])
        assert seen.setdefault(key, r["canonical"]) == r["canonical"], key


def test_agencies_load_rejects_unknown_level() -> None:
    with pytest.raises(ValueError, match="unknown level"):
        load_alias_rows("canonical,alias,level,jurisdiction,note\n商务部,商务部,ministry,,\n")


def test_agencies_trie_pattern_prefers_longest() -> None:
    import re

    regex = re.compile(trie_pattern(["市商务委", "市商务委员会", "市委"]))
    assert [m.group() for m in regex.finditer("市商务委员会、市委、市商务委")] == [
        "市商务委员会",
        "市委",
        "市商务委",
    ]


def test_agencies_default_is_cached() -> None:
    assert AgencyGazetteer.default() is AgencyGazetteer.default()
