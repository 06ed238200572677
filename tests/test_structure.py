"""Heading tree: numbering styles, run-in titles, decimals, boxes and nesting.

Every text is a cleaned excerpt of a seed text (NFKC applied, one paragraph per line); the
comment names the seed file (data/texts/<id>_*.txt) and its raw line numbers.
"""

import pytest

from policykg.extract.structure import find_headings, first_heading_start, numeral_value


def _outline(text: str) -> list[tuple[str, str, int, str | None]]:
    headings = find_headings(text)
    return [
        (h.label, h.kind, h.level, headings[h.parent].label if h.parent is not None else None)
        for h in headings
    ]


def test_structure_cn_comma_heading():
    # 002 l.41
    text = "一、大力发展数字交付服务贸易"
    (h,) = find_headings(text)
    assert (h.label, h.kind, h.level, h.title, h.parent) == (
        "一、",
        "cn_comma",
        1,
        "大力发展数字交付服务贸易",
        None,
    )
    assert (h.start, h.end) == (0, len(text))


def test_structure_run_in_title_ends_at_first_sentence_end():
    # 002 l.43-47, hard line breaks joined
    text = (
        "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东新区数字基础设施优势,"
        "推动外资全资互联网数据中心、内容分发网络及应用商店落地."
    )
    (h,) = find_headings(text)
    assert (h.label, h.kind, h.title) == ("(一)", "cn_paren", "先行先试增值电信扩大开放")
    assert text[h.start : h.end] == "(一)先行先试增值电信扩大开放"


def test_structure_digit_dot_after_space():
    # 004 l.27 (，→, by NFKC)
    text = "1. 贸易集聚功能持续提升,优进优出外贸发展格局基本形成。世界级口岸城市地位继续夯实。"
    (h,) = find_headings(text)
    assert (h.label, h.kind, h.title) == (
        "1.",
        "digit_dot",
        "贸易集聚功能持续提升,优进优出外贸发展格局基本形成",
    )


def test_structure_run_in_title_keeps_decimal_point():
    # 003 l.246-250 (１．→1. by NFKC; the ASCII '.' is the sentence end, ６６．７ a decimal)
    text = "1.服务业结构更加优化.到2025年,服务业增加值占全市生产总值比重达到66.7%左右."
    (h,) = find_headings(text)
    assert (h.label, h.title) == ("1.", "服务业结构更加优化")


def test_structure_decimal_at_line_start_is_not_heading():
    # 003 l.66-68 and l.262: paragraphs that start with a decimal number after a line join
    text = (
        "达60件左右,技术合同成交额达1815.3亿元,较2015年增长\n"
        "156.4%.\n"
        "3.2%左右,金融市场直接融资额占国内直接融资额比重保持85%"
    )
    assert find_headings(text) == []


def test_structure_digit_comma_label_normalised_to_dot():
    # the 1、 variant of digit_dot (data/heading_kinds.csv); sentence from 004 l.29
    text = "2、消费基础性作用更加凸显,国际消费城市建设取得显著成效。"
    (h,) = find_headings(text)
    assert (h.label, h.kind) == ("2.", "digit_dot")


def test_structure_digit_paren_heading():
    # 000 l.2195
    text = "(1)绿色港口。截至2021年年底,上海五类专业化泊位(集装箱、客货滚装、邮轮、3千吨级以上"
    (h,) = find_headings(text)
    assert (h.label, h.kind, h.title) == ("(1)", "digit_paren", "绿色港口")


def test_structure_chapter_title_loses_layout_spaces():
    # 000 l.9035 (U+3000 → space by NFKC)
    (h,) = find_headings("第一章 总  则")
    assert (h.label, h.kind, h.title) == ("第一章", "chapter", "总则")


def test_structure_article_caption_is_title():
    # 000 l.9035-9039
    text = "第一章 总  则\n第一条(目的依据)\n为加快建设商务高质量发展体系,完善商务促进政策,"
    chapter, article = find_headings(text)
    assert (article.label, article.kind, article.title, article.level) == (
        "第一条",
        "article",
        "目的依据",
        2,
    )
    assert article.parent == 0
    assert text[article.start : article.end] == "第一条(目的依据)"


def test_structure_section_under_chapter():
    # 001 l.165-167
    text = "第一章 国内外数字贸易发展概述\n第一节 全球发展概况\n一、总体发展情况"
    assert _outline(text) == [
        ("第一章", "chapter", 1, None),
        ("第一节", "section", 2, "第一章"),
        ("一、", "cn_comma", 3, "第一节"),
    ]


def test_structure_table_row_is_not_heading():
    # 001 l.19: a table-of-contents row with a TAB and a page number
    assert find_headings("第一章 国内外数字贸易发展概述\t3") == []


@pytest.mark.parametrize(
    ("line", "label", "title"),
    [
        (
            "专栏 1:“十四五”时期上海国际贸易中心建设主要预期指标",
            "专栏1",
            "“十四五”时期上海国际贸易中心建设主要预期指标",
        ),  # 004 l.83
        ("专栏 11: 平台经济能级提升行动", "专栏11", "平台经济能级提升行动"),  # 004 l.316
        ("专栏 12·口岸营商环境优化行动", "专栏12", "口岸营商环境优化行动"),  # 004 l.340
        ("专栏1:提升金融服务能级专项行动", "专栏1", "提升金融服务能级专项行动"),  # 003 l.390
    ],
)
def test_structure_box_label_variants(line, label, title):
    (h,) = find_headings(line)
    assert (h.label, h.kind, h.title) == (label, "box", title)


def test_structure_annex_heading():
    # 000 l.959-961
    (h,) = find_headings("附件1\n国际船舶登记管理制度创新")
    assert (h.label, h.kind, h.title) == ("附件1", "annex", "")


def test_structure_skipped_levels_nest_by_appearance():
    # 004 l.21-27: 一、 then (一) then 1. (no other levels in between)
    text = (
        "一、“十四五”时期提升上海国际贸易中心能级的基础和环境\n"
        "(一)“十三五”时期主要进展\n"
        "过去五年,上海对国内国际两个市场、两种资源的配置能力显著增强。\n"
        "1. 贸易集聚功能持续提升,优进优出外贸发展格局基本形成。世界级口岸城市地位继续夯实。"
    )
    assert _outline(text) == [
        ("一、", "cn_comma", 1, None),
        ("(一)", "cn_paren", 2, "一、"),
        ("1.", "digit_dot", 3, "(一)"),
    ]


def test_structure_continuous_numbering_across_sections():
    # 004 l.110-152 (abridged): tasks 1.–4. under (一), numbering goes on with 5. under (二)
    text = (
        "三、“十四五”时期上海国际贸易中心建设主要任务\n"
        "(一)培育外贸综合竞争优势,构筑全球贸易枢纽\n"
        "4.建设数字贸易国际枢纽港。探索推进数字贸易规则制度建设。\n"
        "(二)深入推进高水平制度型开放,打造亚太投资门户\n"
        "5.打造新时期外资首选地。实施新一轮高水平对外开放。"
    )
    assert _outline(text)[-2:] == [
        ("(二)", "cn_paren", 2, "三、"),
        ("5.", "digit_dot", 3, "(二)"),
    ]


def test_structure_box_items_nest_under_box():
    # 004 l.112-128 (abridged): box 2 reuses the (一) style of the enclosing section
    text = (
        "(一)培育外贸综合竞争优势,构筑全球贸易枢纽\n"
        "2.打造新型国际贸易发展高地。实现离岸贸易创新突破。\n"
        "专栏 2:新型国际贸易创新发展行动\n"
        "(一)优化离岸贸易发展环境。支持商业银行为真实、合规的离岸贸易提供跨境资金结算便利。\n"
        "(二)深化跨境电商综试区建设。持续提升跨境电商示范园区能级。\n"
        "3.打造服务贸易创新发展高地。提升知识密集型服务贸易能级。"
    )
    assert _outline(text) == [
        ("(一)", "cn_paren", 1, None),
        ("2.", "digit_dot", 2, "(一)"),
        ("专栏2", "box", 3, "2."),
        ("(一)", "cn_paren", 4, "专栏2"),
        ("(二)", "cn_paren", 4, "专栏2"),
        ("3.", "digit_dot", 2, "(一)"),
    ]


def test_structure_box_closed_by_outer_list_continuation():
    # 004 l.170-196 (abridged): after box 5's items (一)–(四) comes the section (三)
    text = (
        "(二)深入推进高水平制度型开放,打造亚太投资门户\n"
        "7. 打造“走出去”对外投资合作桥头堡。培育更高水平的本土跨国公司。\n"
        "专栏 5:“走出去”提质增效行动\n"
        "(一) 促进合作项目升级。在东盟、欧盟、西亚、非洲等区域推动合作项目落地。\n"
        "(二)促进市场主体升级。发挥浦东新区、临港新片区的集聚作用。\n"
        "(三)促进协同联动升级。强化与进出口联动。\n"
        "(四)促进服务保障升级。以境外防疫和安全防范为重点。\n"
        "(三)推动消费持续提质扩容,建设国际消费中心城市"
    )
    headings = find_headings(text)
    assert (headings[-1].label, headings[-1].level, headings[-1].parent) == ("(三)", 1, None)
    assert [h.parent for h in headings[3:7]] == [2, 2, 2, 2]


def test_structure_box_without_items_closed_by_next_item():
    # 003 l.370-412 (abridged): box 1 has only paragraphs; task 2. follows
    text = (
        "1.提升金融服务资源配置能力\n"
        "深化金融市场开放,提升科技引领能级.\n"
        "专栏1:提升金融服务能级专项行动\n"
        "深化金融改革开放,持续提升金融产品的全球定价能力和话语权.\n"
        "2.提升贸易服务全球枢纽位势"
    )
    assert _outline(text) == [
        ("1.", "digit_dot", 1, None),
        ("专栏1", "box", 2, "1."),
        ("2.", "digit_dot", 1, None),
    ]


def test_structure_annex_closes_sections_and_numbering_restarts():
    # 000 l.931-963 (abridged): the general report ends with 五、, then annex 1 restarts at 一、
    text = (
        "五、上海服务贸易下一步工作的主要考虑\n"
        "(一)加快推进服务贸易创新发展\n"
        "附件1\n"
        "国际船舶登记管理制度创新\n"
        "一、 主要做法\n"
        "(一)制定临港新片区国际船舶登记制度"
    )
    assert _outline(text) == [
        ("五、", "cn_comma", 1, None),
        ("(一)", "cn_paren", 2, "五、"),
        ("附件1", "annex", 1, None),
        ("一、", "cn_comma", 2, "附件1"),
        ("(一)", "cn_paren", 3, "一、"),
    ]


def test_structure_first_heading_start():
    # 002 l.23-41 (abridged): the plan title and preamble come before the first heading
    text = "上海市推动数字贸易和服务贸易高质量发展的实施方案\n为深入贯彻落实有关意见,制定本实施方案.\n一、大力发展数字交付服务贸易"
    assert first_heading_start(text, len(text)) == text.index("一、")


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("一、", 1),
        ("十", 10),
        ("(十一)", 11),
        ("(二十三)", 23),
        ("一百零五", 105),
        ("第十二条", 12),
        ("１", 1),
        ("专栏12", 12),
        ("二〇二四", 2024),
        ("附件", None),
    ],
)
def test_structure_numeral_value(label, value):
    assert numeral_value(label) == value
