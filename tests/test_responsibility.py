"""Responsibility clauses in the formats Chinese policy texts use, with the expected roles."""

from __future__ import annotations

import pytest

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.responsibility import find_clauses, parse_clause


@pytest.fixture(scope="module")
def gazetteer() -> AgencyGazetteer:
    return AgencyGazetteer.default()


def roles(text: str, gazetteer: AgencyGazetteer, jurisdiction: str | None = "上海"):
    clauses = find_clauses(text, gazetteer, jurisdiction)
    units = [u for c in clauses for u in c.units]
    lead = [u.agency.surface for u in units if u.role == "lead"]
    support = [u.agency.surface for u in units if u.role == "support"]
    return lead, support


def test_responsibility_first_listed_unit_leads(gazetteer):
    # 002 l.47-51 (cleaned): the 责任单位 list of measure (一)
    text = "吸引外资开展互联网接入服务.(责任单位:市经济信息化委、市通信管理局、浦东新区政府、临港新片区管委会)"
    assert roles(text, gazetteer) == (
        ["市经济信息化委"],
        ["市通信管理局", "浦东新区政府", "临港新片区管委会"],
    )


def test_responsibility_offsets_point_at_each_unit(gazetteer):
    text = "提升跨境人民币结算服务.(责任单位:市商务委、中国人民银行上海总部)"
    (clause,) = find_clauses(text, gazetteer, "上海")
    assert [text[u.agency.start : u.agency.end] for u in clause.units] == [
        "市商务委",
        "中国人民银行上海总部",
    ]
    assert [u.position for u in clause.units] == [1, 2]
    assert text[clause.start : clause.end].startswith("(责任单位:")


def test_responsibility_canonical_names(gazetteer):
    text = "(责任单位:市经济信息化委、市通信管理局)"
    (clause,) = find_clauses(text, gazetteer, "上海")
    assert clause.units[0].agency.canonical == "上海市经济和信息化委员会"
    assert clause.units[0].agency.level == "municipal"


def test_responsibility_lead_and_support_labels(gazetteer):
    text = "建立服务贸易统计监测制度。（牵头单位：市商务委，配合单位：市统计局、市发展改革委）"
    assert roles(text, gazetteer) == (["市商务委"], ["市统计局", "市发展改革委"])


def test_responsibility_lead_label_makes_responsible_units_co_units(gazetteer):
    text = "完善跨境数据流动规则。（牵头单位：市委网信办，责任单位：市数据局、市经济信息化委）"
    assert roles(text, gazetteer) == (["市委网信办"], ["市数据局", "市经济信息化委"])


def test_responsibility_lead_marker_and_support_marker(gazetteer):
    text = "推进国际贸易单一窗口建设。（市商务委牵头，上海海关、市口岸办配合）"
    assert roles(text, gazetteer) == (["市商务委"], ["上海海关", "市口岸办"])


def test_responsibility_two_leads_then_duty_division(gazetteer):
    text = "加强知识产权保护。（市知识产权局、市市场监管局牵头，各区政府按职责分工负责）"
    assert roles(text, gazetteer) == (["市知识产权局", "市市场监管局"], ["各区政府"])


def test_responsibility_group_before_first_comma_leads(gazetteer):
    text = "优化口岸营商环境。（上海海关，市商务委按职责分工负责）"
    assert roles(text, gazetteer) == (["上海海关"], ["市商务委"])


def test_responsibility_duty_division_without_lead(gazetteer):
    # 000 l.6524-6526: all responsible, none marked as lead; 和 separates the last unit
    text = (
        "鼓励文化企业开拓国际市场。（中央宣传部、发展改革委、商务部、文化和旅游部、广电总局和"
        "各地方人民政府按职责分工负责）"
    )
    lead, support = roles(text, gazetteer, None)
    assert lead == []
    assert support == [
        "中央宣传部",
        "发展改革委",
        "商务部",
        "文化和旅游部",
        "广电总局",
        "各地方人民政府",
    ]


def test_responsibility_tail_deng_is_dropped(gazetteer):
    # 000 l.6779
    text = "按照现行政策规定免征关税。（科技部、财政部、税务总局等按职责分工负责）"
    assert roles(text, gazetteer, None) == ([], ["科技部", "财政部", "税务总局"])


def test_responsibility_tail_deng_youguan_bumen(gazetteer):
    text = "（责任单位：市商务委、市财政局等有关部门）"
    assert roles(text, gazetteer) == (["市商务委"], ["市财政局"])


def test_responsibility_department_label(gazetteer):
    text = "支持企业参加境外展会。（责任部门：市商务委、市贸促会）"
    assert roles(text, gazetteer) == (["市商务委"], ["市贸促会"])


def test_responsibility_asterisk_marks_lead(gazetteer):
    text = "（责任单位：市发展改革委、*市商务委、市财政局）"
    assert roles(text, gazetteer) == (["市商务委"], ["市发展改革委", "市财政局"])


def test_responsibility_comma_groups_leads_inside_list(gazetteer):
    text = "（责任单位：市发展改革委、市商务委，市财政局、市税务局）"
    assert roles(text, gazetteer) == (["市发展改革委", "市商务委"], ["市财政局", "市税务局"])


def test_responsibility_nested_brackets_stay_one_unit(gazetteer):
    # 002 l.272-276, measure (二十)
    text = (
        "支持企业便利访问国际互联网.(责任单位:市委网信办、市数据局、市经济信息化委、"
        "浦东新区政府(上海自贸试验区管委会)、临港新片区管委会)"
    )
    lead, support = roles(text, gazetteer)
    assert lead == ["市委网信办"]
    assert support == [
        "市数据局",
        "市经济信息化委",
        "浦东新区政府(上海自贸试验区管委会)",
        "临港新片区管委会",
    ]


def test_responsibility_nested_unit_resolves_by_outer_name(gazetteer):
    text = "(责任单位:市委网信办、浦东新区政府(上海自贸试验区管委会))"
    (clause,) = find_clauses(text, gazetteer, "上海")
    assert clause.units[1].agency.canonical == "上海市浦东新区人民政府"


def test_responsibility_collective_units(gazetteer):
    # 002 l.261: 各区政府 leads measure (十九)
    text = "对接国家服务贸易创新发展引导基金.(责任单位:各区政府、中信保上海分公司)"
    (clause,) = find_clauses(text, gazetteer, "上海")
    first = clause.units[0]
    assert (first.agency.surface, first.role, first.agency.level) == (
        "各区政府",
        "lead",
        "collective",
    )


def test_responsibility_collective_with_enumeration_is_one_unit(gazetteer):
    text = "（责任单位：市商务局，各区、县级市）"
    lead, support = roles(text, gazetteer, "广州")
    assert lead == ["市商务局"]
    assert support == ["各区、县级市"]


def test_responsibility_government_offices_collective(gazetteer):
    text = "（责任单位：市政府各委、办、局）"
    lead, _ = roles(text, gazetteer)
    assert lead == ["市政府各委、办、局"]


def test_responsibility_elided_prefix(gazetteer):
    text = "（责任单位：省发展改革委、财政厅、商务厅）"
    (clause,) = find_clauses(text, gazetteer, "广东")
    surfaces = [u.agency.surface for u in clause.units]
    assert surfaces == ["省发展改革委", "财政厅", "商务厅"]
    assert clause.units[1].agency.canonical.endswith("省财政厅")
    assert clause.units[2].agency.canonical.endswith("省商务厅")


def test_responsibility_two_lists_in_one_measure(gazetteer):
    text = (
        "建设国际数据经济产业园(责任单位:临港新片区管委会、市数据局).提升临港数据跨境服务中心"
        "服务效能(责任单位:市商务委、市委网信办)"
    )
    clauses = find_clauses(text, gazetteer, "上海")
    assert len(clauses) == 2
    assert roles(text, gazetteer) == (
        ["临港新片区管委会", "市商务委"],
        ["市数据局", "市委网信办"],
    )


def test_responsibility_unlabelled_line(gazetteer):
    text = "推进服务贸易创新发展试点。\n责任单位：市商务委、市发展改革委"
    assert roles(text, gazetteer) == (["市商务委"], ["市发展改革委"])


def test_responsibility_ordinary_brackets_are_not_clauses(gazetteer):
    text = "中国国际进口博览会(以下简称“进博会”)和区块链即服务(BaaS)平台由企业负责运营(由企业负责)"
    assert find_clauses(text, gazetteer, "上海") == []


def test_responsibility_parse_clause_content_only(gazetteer):
    units = parse_clause("责任单位:市商务委、市科委、市税务局", gazetteer, "上海")
    assert [(u.agency.surface, u.role, u.position) for u in units] == [
        ("市商务委", "lead", 1),
        ("市科委", "support", 2),
        ("市税务局", "support", 3),
    ]
