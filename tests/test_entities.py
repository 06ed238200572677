"""Bases, enterprises and events, and the relations stated about them.

Texts are cleaned excerpts of the seed texts (NFKC applied, one paragraph per line); each
comment names the seed file and its raw line.
"""

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.base_relations import find_base_relations
from policykg.extract.bases import find_bases
from policykg.extract.enterprises import find_enterprises, short_forms, trade_name
from policykg.extract.events import find_event_organisers, find_events
from policykg.extract.names import Sentences, name_start
from policykg.extract.records import AgencyMention


def _agencies(text: str) -> list[AgencyMention]:
    return [
        AgencyMention(surface, name.canonical, name.level, s, e, name.known)
        for s, e, surface, name in AgencyGazetteer.default().find(text, "上海")
    ]


def _bases(text: str) -> list[tuple[str, str, str]]:
    return [(b.surface, b.canonical, b.type) for b in find_bases(text)]


# --- names --------------------------------------------------------------------------------------


def test_names_start_after_a_verb_and_keep_a_bracketed_place() -> None:
    # 000 raw l.1143
    text = "依托中国(上海)自由贸易试验区的制度优势"
    end = text.index("自由贸易试验区")
    assert text[name_start(text, end, 24) : end] == "中国(上海)"


def test_names_one_character_word_inside_a_name_is_no_boundary() -> None:
    # 004 raw l.164 (中以创新园) and 000 raw l.4508 (对外文化贸易)
    text = "推进普陀中以(上海)创新园建设,国家对外文化贸易基地位于外高桥"
    end1 = text.index("创新园")
    end2 = text.index("基地")
    assert (text[name_start(text, end1, 24) : end1], text[name_start(text, end2, 24) : end2]) == (
        "普陀中以(上海)",
        "国家对外文化贸易",
    )


def test_names_an_approximate_count_is_no_part_of_a_name() -> None:
    # 003 raw l.1466-1467: 以上 closes the count 25个以上, it does not open the name
    assert _bases("创建25个以上服务业创新发展示范区,促进服务业集聚集约发展") == [
        ("服务业创新发展示范区", "服务业创新发展示范区", "demonstration_zone")
    ]


def test_names_a_full_stop_after_a_chinese_character_ends_a_sentence() -> None:
    # 003 raw l.41: this text ends sentences with "." and prints decimals with one too
    text = (
        "1.服务业成为上海经济增量的主导引擎.2020年,全市服务业增加值达到28307.54亿元,"
        "“十三五”期间年均增速7.1%,占全市生产总值的比重达到73.1%,服务业成为经济增长的主动力."
    )
    start = text.index("2020年")
    assert Sentences(text).around(start, start + 5) == (start, len(text) - 1)


# --- bases --------------------------------------------------------------------------------------


def test_bases_gazetteer_alias_resolves_to_the_official_name() -> None:
    # 000 raw l.1071
    assert _bases("由金融机构以新设于上海自贸区临港新片区的航运项目公司作为船舶购买方") == [
        ("上海自贸区临港新片区", "中国(上海)自由贸易试验区临港新片区", "free_trade_zone_new_area")
    ]


def test_bases_look_alike_zones_stay_apart() -> None:
    # 002 raw l.256 and 000 raw l.905
    text = "推动金桥、漕河泾综合保税区等海关特殊监管区域的业务重点向数字贸易拓展.漕河泾开发区知识产权服务出口基地"
    canonicals = {b.canonical for b in find_bases(text)}
    assert {"上海漕河泾综合保税区", "上海漕河泾新兴技术开发区"} <= canonicals


def test_bases_export_base_type_comes_from_its_field() -> None:
    # 000 raw l.905
    text = "建设浦东软件园数字服务出口基地、上海文策语言服务出口基地8个国家特色服务出口基地。"
    assert [
        (b.surface, b.type, b.generic) for b in find_bases(text) if "出口基地" in b.surface
    ] == [
        ("浦东软件园数字服务出口基地", "national_service_export_base/digital_services", False),
        ("上海文策语言服务出口基地", "national_service_export_base/language_services", False),
        ("国家特色服务出口基地", "national_service_export_base", True),
    ]


def test_bases_items_of_a_list_closed_by_a_type_word() -> None:
    # 000 raw l.4585
    text = "围绕集成电路、生物医药等高端前沿产业,依托东方芯港、生命蓝湾、大飞机园等特色园区,吸引积塔半导体开展技术贸易"
    assert [b.surface for b in find_bases(text)] == ["东方芯港", "生命蓝湾", "大飞机园"]


def test_bases_a_verb_opening_the_span_is_no_part_of_the_name() -> None:
    # 002 (二十), 003 深化…, 004 14., 000: the verb governs the name
    text = (
        "制定中国(上海)自由贸易试验区(含临港新片区)数据跨境流动负面清单及操作指引.\n"
        "深化静安区国家服务业综合改革试点,探索建立“中国上海专业服务产业试点区”.\n"
        "做精做优做强“6天+365天”常年展示交易服务平台,增加境内外专业采购商规模。\n"
        "构建以数据交易所为核心的新型数据服务基础设施体系。"
    )
    surfaces = [b.surface for b in find_bases(text)]
    assert "中国(上海)自由贸易试验区(含临港新片区)" in surfaces
    assert "静安区国家服务业综合改革试点" in surfaces
    assert "“6天+365天”常年展示交易服务平台" in surfaces
    assert "数据交易所" in surfaces
    assert not [s for s in surfaces if s.startswith(("制定", "深化", "做精", "构建", "以"))]


def test_bases_a_count_or_a_verb_before_the_type_is_no_part_of_a_name() -> None:
    # 000 and 001: a count of bases (the PDF sets the digit apart: 8 个), and verbs that
    # govern the designation, are not names of bases
    text = (
        "商务部、中央宣传部等部门先后遴选出两批国家文化出口基地,上海市徐汇区入选。\n"
        "图 3-24 上海 8 个国家特色服务出口基地\n"
        "人力资源服务产业园、上海中医药大学颁发国家特色服务出口基地铜牌,加快发展。\n"
        "支持徐汇、嘉定等区发展生物医药产业,适时分条件扩充产业集聚区范围。"
    )
    surfaces = [b.surface for b in find_bases(text)]
    assert "人力资源服务产业园" in surfaces
    assert not [s for s in surfaces if s.startswith(("出", "个", "分条件")) or "颁发" in s]


def test_bases_a_verb_inside_a_name_stays() -> None:
    # 004 3.: 全面深化 opens the programme's name
    text = "加快推进全面深化服务贸易创新发展试点,积极配合国家制定跨境服务贸易负面清单。"
    assert [b.surface for b in find_bases(text)] == ["全面深化服务贸易创新发展试点"]


def test_bases_designation_names_a_base_without_a_typed_ending() -> None:
    # 001 raw l.965
    text = "2018年,徐汇区被商务部、中央宣传部等部门遴选为首批国家文化出口基地。"
    assert ("徐汇区", "徐汇区", "national_service_export_base/culture") in _bases(text)


def test_bases_table_row_names_base_and_type() -> None:
    # 001 raw l.1343-1350
    text = "名称\t类别\n上海文策信息科技有限公司\t特色服务出口基地(语言服务)\n"
    assert (
        "上海文策信息科技有限公司",
        "上海文策信息科技有限公司",
        "national_service_export_base/language_services",
    ) in _bases(text)


def test_bases_quoted_short_name_opening_a_name_is_a_mention() -> None:
    # 001 raw l.1639
    text = "以“信息飞鱼”全球数字经济创新岛为核心,加快建设国际数据港"
    assert [(b.surface, b.canonical) for b in find_bases(text)] == [
        ("“信息飞鱼”全球数字经济创新岛", "“信息飞鱼”全球数字经济创新岛"),
        ("信息飞鱼", "“信息飞鱼”全球数字经济创新岛"),
        ("国际数据港", "国际数据港"),
    ]


def test_bases_zone_inside_an_agency_name_is_no_mention() -> None:
    # 002 raw l.51
    assert _bases("(责任单位:市经济信息化委、市通信管理局、浦东新区政府、临港新片区管委会)") == []


def test_bases_located_in_from_the_clause_after_the_name() -> None:
    # 001 raw l.1428
    text = "上海仓城影视文化产业园位于上海松江区永丰街道境内,距离中心城市大约45分钟车程"
    relations = find_base_relations(text, find_bases(text))
    assert [(r.type, r.subject, r.object_canonical) for r in relations] == [
        ("LOCATED_IN", "上海仓城影视文化产业园", "松江区")
    ]


def test_bases_operated_by() -> None:
    # 001 raw l.1436
    text = "上海仓城影视文化产业园区的运营方上海仓城文化创意发展有限公司表示,国家级文化出口基地这一称号既肯定了…"
    relations = find_base_relations(text, find_bases(text))
    assert [(r.type, r.object) for r in relations if r.type == "OPERATED_BY"] == [
        ("OPERATED_BY", "上海仓城文化创意发展有限公司")
    ]


def test_bases_designated_by_the_bodies_after_bei_with_the_year() -> None:
    # 001 raw l.965
    text = "2018年,徐汇区被商务部、中央宣传部等部门遴选为首批国家文化出口基地。"
    bases = [b for b in find_bases(text) if b.surface == "徐汇区"]
    relations = find_base_relations(text, bases, _agencies(text))
    assert [
        (r.type, r.object_canonical, r.year) for r in relations if r.type == "DESIGNATED_BY"
    ] == [
        ("DESIGNATED_BY", "中华人民共和国商务部", 2018),
        ("DESIGNATED_BY", "中共中央宣传部", 2018),
    ]


def _members(text: str) -> list[tuple[str, str]]:
    relations = find_base_relations(text, find_bases(text))
    return [(r.subject, r.object) for r in relations if r.type == "MEMBER_OF"]


def test_bases_members_are_the_companies_listed_after_the_verb() -> None:
    # 000 raw l.4462: 以及 separates two members; 广升信息 does not end in 以
    text = (
        "在数字贸易领域,浦东软件园累计孵化企业700余家、引进100余个海外项目,聚集了SAP、华钦科技、"
        "明略数据、七牛云、富欣智控、达观数据、广升信息以及高通、华大半导体等一大批国内外知名数字服务"
        "出口企业。"
    )
    assert [member for member, _ in _members(text)] == [
        "SAP", "华钦科技", "明略数据", "七牛云", "富欣智控", "达观数据", "广升信息", "高通",
        "华大半导体",
    ]  # fmt: skip


def test_bases_places_listed_beside_a_base_are_no_members() -> None:
    # 003 raw l.1347: 杨浦、宝山、闵行 are riverside districts, listed after two clusters
    text = (
        "促进黄浦外滩金融集聚带、浦东陆家嘴金融集聚区高能级服务业创新发展,推动虹口北外滩金融和"
        "航运服务集聚区、徐汇滨江高端商务和文化休闲区发展,推进杨浦、宝山、闵行等滨江区域活力服务业"
        "集聚带开发建设."
    )
    assert _members(text) == []


def test_bases_a_list_of_areas_after_a_base_is_no_list_of_members() -> None:
    # 003 raw l.1466-1470: 集聚集约 is no verb of members, 桃浦、南大… are 重点区域
    text = (
        "创建25个以上服务业创新发展示范区,促进服务业集聚集约发展,打造一批特色鲜明、品牌响亮、"
        "功能高端的服务业高质量发展载体.持续推动桃浦、南大、吴淞、吴泾、高桥等重点区域转型升级."
    )
    assert _members(text) == []


# --- enterprises --------------------------------------------------------------------------------


def test_enterprises_registered_name_starts_after_the_boundary() -> None:
    # 000 raw l.3965
    text = "比如,上海必博人力资源服务有限公司(BIPO)作为静安区首批“全球服务商”"
    mentions, links = find_enterprises(text)
    assert [(m.surface, m.canonical, m.form) for m in mentions] == [
        ("上海必博人力资源服务有限公司", "上海必博人力资源服务有限公司", "registered"),
        ("BIPO", "上海必博人力资源服务有限公司", "alias"),
    ]
    assert [(link.alias, link.basis) for link in links] == [("BIPO", "bracketed")]


def test_enterprises_descriptions_are_not_names() -> None:
    # 000 raw l.1073 and l.2386 (table 8 column)
    mentions, _ = find_enterprises(
        "由法国达飞海运集团公司CMACGM的全资控股子公司ALIZE1955作为承租人。\n1 地中海航运 瑞士日内瓦 有 全资子公司"
    )
    assert [m.surface for m in mentions] == ["法国达飞海运集团公司"]


def test_enterprises_trade_name_and_short_forms() -> None:
    assert trade_name("上海沐瞳科技有限公司") == "沐瞳"
    assert short_forms("上海文思海辉软件技术有限公司") == (
        "文思海辉软件技术",
        "上海文思海辉",
        "文思海辉软件",
        "文思海辉",
    )


def test_enterprises_short_name_elsewhere_links_to_the_registered_name() -> None:
    # 001 raw l.37 (table of contents) and l.1686
    text = "典型企业 1:上海沐瞳科技有限公司\t100\n沐瞳科技成立于2014年,是一家游戏开发商。"
    mentions, _ = find_enterprises(text)
    assert [(m.surface, m.canonical, m.form) for m in mentions] == [
        ("上海沐瞳科技有限公司", "上海沐瞳科技有限公司", "registered"),
        ("沐瞳科技", "上海沐瞳科技有限公司", "short"),
    ]


def test_enterprises_table_row_gives_sector_and_district() -> None:
    # 001 raw l.1017
    mentions, _ = find_enterprises("16\t上海沐瞳科技有限公司\t数字内容\t嘉定\n")
    assert [(m.surface, m.sector, m.district) for m in mentions] == [
        ("上海沐瞳科技有限公司", "数字内容", "嘉定")
    ]


def test_enterprises_short_name_two_companies_share_names_neither() -> None:
    # 000 raw l.1679 and l.1001
    text = "第一家航运自保公司———中远海运财产自保有限公司;临港新片区为中远海运发展有限公司办理登记。中远海运积极参与。"
    mentions, _ = find_enterprises(text)
    assert "中远海运" not in [m.surface for m in mentions]


# --- events -------------------------------------------------------------------------------------


def test_events_short_name_with_edition_resolves_to_the_series() -> None:
    # 000 raw l.830
    events = find_events("动员贝塔斯曼和德迅两家服务贸易跨国企业参加第四届进博会")
    assert [(e.surface, e.canonical, e.edition) for e in events] == [
        ("第四届进博会", "中国国际进口博览会", "第四届")
    ]


def test_events_name_by_its_ending() -> None:
    # 001 raw l.560
    events = find_events("银保监会和上海市政府在第三届陆家嘴国际再保险会议上联合发布")
    assert [(e.surface, e.canonical, e.type) for e in events] == [
        ("第三届陆家嘴国际再保险会议", "陆家嘴国际再保险会议", "conference")
    ]


def test_events_organisers_hosts_and_co_hosts() -> None:
    # 001 raw l.981
    text = "2022年11月8日,由上海市人民政府主办,上海市商务委员会、上海市经济和信息化委员会承办的首届上海数字贸易论坛在上海市长宁区成功举办。"
    events = find_events(text)
    relations = find_event_organisers(text, events, _agencies(text))
    assert [(r.subject, r.object_canonical, r.evidence) for r in relations] == [
        ("首届上海数字贸易论坛", "上海市人民政府", "主办"),
        ("首届上海数字贸易论坛", "上海市商务委员会", "承办"),
        ("首届上海数字贸易论坛", "上海市经济和信息化委员会", "承办"),
    ]


def test_events_an_ending_inside_a_longer_word_is_no_event() -> None:
    # 000 raw l.4689 (会计师事务所) and 003 raw l.1245 (赛事)
    text = "全球四大会计师事务所中的3家均在陆家嘴设有机构。引进和筹办国际重大赛事."
    assert find_events(text) == []


def test_events_descriptions_of_events_are_no_names() -> None:
    # 004 raw l.268, 000 raw l.814, 004 raw l.33
    text = (
        "巩固和放大虹桥国际经济论坛国际影响力,打造世界级高水平论坛和国际公共产品。"
        "分管副市长出席开幕论坛并致辞。上海时装周位列全球五大时装周之一。"
    )
    assert [e.surface for e in find_events(text)] == ["虹桥国际经济论坛", "上海时装周"]


def test_events_a_name_without_a_start_within_reach_is_no_event() -> None:
    # 000 raw l.2080: the second 论坛 has no boundary within 28 characters
    text = (
        "首次承办国际性、专业性、高级别论坛“2021北外滩国际航运论坛”之“司法与仲裁”专题论坛;"
        "与上海海事法院合作十周年"
    )
    assert [(e.surface, e.canonical) for e in find_events(text)] == [
        ("2021北外滩国际航运论坛", "北外滩国际航运论坛")
    ]
