"""Policy references: title classes, numbers linked to titles, issuers, dates, relations, keys.

Texts are cleaned excerpts of the seed texts (NFKC applied, «» → 《》, one paragraph per line);
each comment names the seed file and its raw line. One test reads the whole 001 report from the
package data to check every creative work it names.
"""

from importlib import resources

import pytest

from policykg.extract.clean import clean_text
from policykg.extract.policies import (
    classify_title,
    find_policies,
    find_titles,
    policy_key,
)
from policykg.extract.records import DocumentMeta

NO_META = DocumentMeta()


def _kinds(text: str) -> dict[str, str]:
    return {t.title: t.kind for t in find_titles(text)}


@pytest.fixture(scope="module")
def report_001() -> str:
    path = resources.files("policykg.data").joinpath(
        "texts/001_934cf101f44dbd95_digital-trade-report-2022.txt"
    )
    return clean_text(path.read_text(encoding="utf-8")).text


# Games, TV series, books, audio and comics named in the 001 report (raw lines 1491-2032).
WORKS_001 = [
    "原神",
    "三十而已",
    "小别离",
    "小欢喜",
    "小舍得",
    "超越",
    "二十不惑",
    "猎罪图鉴",
    "胆小鬼",
    "全职高手",
    "琅琊榜",
    "楚乔传",
    "天盛长歌",
    "扶摇",
    "锦绣未央",
    "亲爱的翻译官",
    "微微一笑很倾城",
    "何以笙箫默",
    "杉杉来了",
    "有翡",
    "你是我的城池营垒",
    "香肠派对",
    "Super Sus",
    "龙与世界的尽头",
    "Dead 4 Returns",
    "仙境传说RO",
    "征途手游",
    "征途2手游",
    "灌篮高手正版授权手游",
    "航海王:启航",
    "圣斗士星矢:重生",
    "神奇树屋",
    "魔兽世界",
    "三体",
    "人世间",
    "明朝那些事儿",
    "斗罗大陆",
    "庆余年",
    "伍六七",
    "艾米咕噜",
    "许愿神龙",
]


def test_policies_no_creative_work_of_001_is_a_policy(report_001: str) -> None:
    kinds: dict[str, set[str]] = {}
    for t in find_titles(report_001):
        kinds.setdefault(t.title, set()).add(t.kind)
    missing = [w for w in WORKS_001 if w not in kinds]
    assert missing == []
    assert [w for w in WORKS_001 if "policy" in kinds[w]] == []


def test_policies_genre_word_before_title_makes_a_work() -> None:
    # 000 raw l.2891-2893 (表2 上海十大文化出海IP)
    text = "4 上海米哈游天命科技有限公司 游戏《原神》国际化运营和海外推广"
    assert _kinds(text) == {"原神": "work"}


def test_policies_genre_word_is_shared_along_a_chain_of_titles() -> None:
    # 001 raw l.1431-1432
    text = "《琅琊榜》《楚乔传》《天盛长歌》《扶摇》《锦绣未央》《亲爱的翻译官》《微微一笑很倾城》等剧在北美、澳洲、欧洲等地播出"
    assert set(_kinds(text).values()) == {"work"}


def test_policies_agreements_standards_and_reports_are_not_policies() -> None:
    # 002 raw l.221 (DEPA), 001 raw l.603 (规范, 技术要求), 000 raw l.262 (报告)
    text = (
        "积极参与《数字经济伙伴关系协定》(DEPA)谈判。《公共场所人脸识别分级分类应用规范》等3个地方标准立项,"
        "商汤科技的《人脸识别系统技术要求》获评“上海标准”。商务部研究院最新发布的《全球服务贸易发展指数报告》显示"
    )
    assert _kinds(text) == {
        "数字经济伙伴关系协定": "agreement",
        "公共场所人脸识别分级分类应用规范": "standard",
        "人脸识别系统技术要求": "standard",
        "全球服务贸易发展指数报告": "report",
    }


def test_policies_foreign_body_before_title_makes_a_foreign_document() -> None:
    # 001 raw l.826 (table of data-protection rules abroad)
    text = "4\t新西兰\t《2020 年隐私法》\t加强对数据安全及个人隐私的保护"
    assert _kinds(text) == {"2020年隐私法": "foreign"}


def test_policies_version_in_brackets_does_not_hide_the_ending() -> None:
    # 000 raw l.3055
    text = "《上海市服务贸易促进指导目录(2022年版)》"
    assert classify_title(text, 0, len(text)) == ("policy", "指导目录")


def test_policies_number_in_brackets_links_the_title_before_it() -> None:
    # 000 raw l.9582-9584 (2008 edition's policy list)
    text = "《国务院关于加快发展服务业的若干意见》(国发〔2007〕7号)《关于上海加速发展现代服务业的若干政策意见》(沪府〔2005〕102号)"
    mentions, _ = find_policies(text, NO_META, agencies=())
    assert [(m.doc_number, m.title, m.role) for m in mentions] == [
        ("国发〔2007〕7号", "国务院关于加快发展服务业的若干意见", "listed"),
        ("沪府〔2005〕102号", "关于上海加速发展现代服务业的若干政策意见", "listed"),
    ]


def test_policies_bare_notice_title_is_named_after_the_plan_it_carries() -> None:
    # 000 raw l.10480 (printed without 《》)
    text = "商务部关于印发全面深化服务贸易创新发展试点总体方案的通知(商服贸发〔2020〕165号)"
    (m,), _ = find_policies(text, NO_META)
    assert (m.doc_number, m.title, m.issuers, m.issuer_source) == (
        "商服贸发〔2020〕165号",
        "全面深化服务贸易创新发展试点总体方案",
        ("商务部",),
        "title",
    )


def test_policies_issuers_inside_announcement_brackets() -> None:
    # 000 raw l.10366
    text = (
        "公布国家文化出口基地名单(商务部、中央宣传部、文化和旅游部、广播电视总局公告2018年第51号)"
    )
    (m,), _ = find_policies(text, NO_META, agencies=None)
    assert (m.doc_number, m.issuers) == (
        "公告2018年第51号",
        ("商务部", "中央宣传部", "文化和旅游部", "广播电视总局"),
    )


def test_policies_issuer_from_number_prefix_when_none_is_printed() -> None:
    # 000 raw l.9177
    text = "《上海市外经贸发展专项资金使用和管理办法》(沪商规〔2021〕6号)同步废止。"
    (m,), _ = find_policies(text, NO_META, agencies=())
    assert (m.issuers, m.issuer_source) == (("上海市商务委员会",), "prefix")


def test_policies_header_number_takes_the_notice_title_above_it() -> None:
    # 000 raw l.5903-5909 (a reprinted document)
    text = (
        "商务部 中央网信办 工业和信息化部关于印发《数字经济对外投资合作工作指引》的通知\n"
        "商合函〔2021〕355号\n"
        "各省、自治区、直辖市、计划单列市及新疆生产建设兵团商务主管部门、网信办、工业和信息化主管部门,有关中央企业:\n"
    )
    (m,), _ = find_policies(text, NO_META)
    assert (m.role, m.doc_number, m.title, m.issuers) == (
        "header",
        "商合函〔2021〕355号",
        "数字经济对外投资合作工作指引",
        ("商务部", "中央网信办", "工业和信息化部"),
    )


def test_policies_header_without_number_from_its_addressees() -> None:
    # 000 raw l.9014-9018: the notice names no 文号; its addressees follow its title
    text = (
        "上海市商务委员会办公室 2021年5月12日印发市商务委 市财政局关于印发《上海市商务高质量"
        "发展专项资金管理办法》的通知各有关单位:\n"
        "为加强和规范上海市商务高质量发展专项资金使用管理,现印发给你们,请遵照执行。\n"
    )
    headers = [m for m in find_policies(text, NO_META)[0] if m.role == "header"]
    assert [(m.title, m.doc_number, m.issuers) for m in headers] == [
        ("上海市商务高质量发展专项资金管理办法", "", ("市商务委", "市财政局"))
    ]


def test_policies_header_of_a_title_after_a_colophon() -> None:
    # 000 raw l.6137-6141: a catalogue reprinted right after the previous notice's colophon
    text = (
        "抄送:各驻外使领馆经商机构,国家开发银行,中国进出口银行,中国出口信用保险公司。\n"
        "商务部办公厅 2021年7月21日印发中国禁止进口限制进口技术目录中华人民共和国商务部"
        "禁止进口限制进口技术参考原则\n一、 禁止进口技术参考原则:\n"
    )
    headers = [m for m in find_policies(text, NO_META)[0] if m.role == "header"]
    assert [(m.title, m.issuers) for m in headers] == [
        ("中国禁止进口限制进口技术目录", ("中华人民共和国商务部",))
    ]


def test_policies_a_colophon_before_a_paragraph_starts_no_reprint() -> None:
    # a colophon followed by running text, not by a title and its issuer
    text = "上海市人民政府办公厅 2021年10月25日印发\n为贯彻落实商务部工作部署,制定本方案。\n"
    assert [m for m in find_policies(text, NO_META)[0] if m.role == "header"] == []


def test_policies_date_printed_after_the_reference() -> None:
    # 001 raw l.2070
    text = "——《国务院关于同意深化服务贸易创新发展试点的批复》(国函〔2018〕79号),2018年6月8日"
    (m,), _ = find_policies(text, NO_META, agencies=())
    assert (m.doc_number, m.date) == ("国函〔2018〕79号", "2018-06-08")


def test_policies_repeals_relation() -> None:
    # 000 raw l.9175-9177
    text = "本办法自2022年4月17日起施行,有效期至2027年4月16日。《上海市外经贸发展专项资金使用和管理办法》(沪商规〔2021〕6号)同步废止。"
    mentions, relations = find_policies(text, NO_META, agencies=())
    assert [m.role for m in mentions] == ["repealed"]
    assert [(r.type, r.target, r.cue) for r in relations] == [
        ("REPEALS", "沪商规〔2021〕6号", "同步废止")
    ]


def test_policies_cites_relation_across_an_object_before_the_title() -> None:
    # 003 raw l.31-35
    meta = DocumentMeta(
        title="上海市服务业发展“十四五”规划",
        doc_number="沪府办发〔2021〕7号",
        doc_number_span=(0, 12),
    )
    text = (
        "沪府办发〔2021〕7号\n为进一步提升上海服务经济量能,根据国家关于加快服务业创新发展的总体要求和"
        "《上海市国民经济和社会发展第十四个五年规划和二○三五年远景目标纲要》,制定本规划."
    )
    _, relations = find_policies(text, meta, agencies=())
    assert [(r.type, r.source, r.target, r.cue) for r in relations] == [
        (
            "CITES",
            "沪府办发〔2021〕7号",
            "t:上海国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
            "根据",
        )
    ]


def test_policies_implementation_plan_implements_the_opinions_it_carries_out() -> None:
    # 002 raw l.6 and l.27-29
    meta = DocumentMeta(
        title="上海市推动数字贸易和服务贸易高质量发展的实施方案",
        doc_number="沪府办发〔2024〕31号",
        doc_number_span=(0, 13),
    )
    text = (
        "沪府办发〔2024〕31号\n为深入贯彻落实《中共中央办公厅 国务院办公厅关于数字贸易改革创新发展的意见》"
        "《国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见》,全面推动数字贸易和服务贸易改革、开放、创新"
    )
    _, relations = find_policies(text, meta, agencies=())
    assert [(r.type, r.target) for r in relations] == [
        ("IMPLEMENTS", "t:中共中央办公厅国务院办公厅关于数字贸易改革创新发展的意见"),
        ("IMPLEMENTS", "t:国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见"),
    ]


def test_policies_title_naming_a_treaty_to_carry_out_implements_it() -> None:
    # 001 raw l.1297 (〈〉 nested in 《》)
    text = (
        "在全国范围内率先发布《上海市关于高质量落实〈区域全面经济伙伴关系协定〉(RCEP)的若干措施》"
    )
    _, relations = find_policies(text, NO_META, agencies=())
    assert [(r.type, r.target) for r in relations] == [("IMPLEMENTS", "t:区域全面经济伙伴关系协定")]


def test_policies_short_title_defined_by_yixia_jiancheng_takes_the_full_key() -> None:
    # 000 raw l.5903-5913
    text = (
        "商务部 中央网信办 工业和信息化部关于印发《数字经济对外投资合作工作指引》的通知\n"
        "商合函〔2021〕355号\n我们制定了《数字经济对外投资合作工作指引》(以下简称《指引》),现予印发。"
        "请结合实际,抓好贯彻落实。各地要落实《指引》。"
    )
    mentions, _ = find_policies(text, NO_META)
    assert {m.title: m.doc_number for m in mentions if m.title} == {
        "数字经济对外投资合作工作指引": "商合函〔2021〕355号",
        "指引": "商合函〔2021〕355号",
    }


def test_policies_key_folds_shanghai_and_dash_variants() -> None:
    # 001 raw l.395 / l.926; 000 raw l.10496 / l.3650
    assert (
        policy_key("上海市数字贸易发展行动方案(2019-2021年)")[0]
        == policy_key("上海市数字贸易发展行动方案(2019—2021年)")[0]
    )
    assert (
        policy_key("上海市推动服务外包加快转型升级的实施方案")[0]
        == policy_key("上海推动服务外包加快转型升级的实施方案")[0]
    )


def test_policies_versions_share_a_family_but_not_a_key() -> None:
    # 000 raw l.3055 and l.10502 (年版 editions of one catalogue)
    a = policy_key("上海市服务贸易促进指导目录(2020年版)")
    b = policy_key("上海市服务贸易促进指导目录(2021年版)")
    assert (a[0] != b[0], a[1], b[1]) == (
        True,
        "f:上海服务贸易促进指导目录",
        "f:上海服务贸易促进指导目录",
    )
