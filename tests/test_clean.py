"""Cleaning: each artefact of the seed texts, the offset map, idempotence and layout rules.

Inputs are lines copied from the seed texts (file and line in a comment), with the blank lines
and indentation they have there.
"""

from __future__ import annotations

import random
import re
import unicodedata
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.extract import charnorm
from policykg.extract.clean import CleanText, clean_text

TEXTS = sorted(
    (
        p
        for p in resources.files("policykg.data").joinpath("texts").iterdir()
        if p.name.endswith(".txt")
    ),
    key=lambda p: p.name,
)


def norm(s: str) -> str:
    """The scoring normalisation of gold/FORMAT.md: NFKC, letters and digits only."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


@pytest.fixture(scope="module")
def seeds() -> dict[str, tuple[str, CleanText]]:
    out = {}
    for path in TEXTS:
        raw = path.read_text(encoding="utf-8")
        out[path.name[:3]] = (raw, clean_text(raw))
    return out


def test_clean_joins_words_broken_across_lines():
    # 002 l.141-143 and l.49-51: a label and an agency name broken by the layout
    raw = "(责\n\n任单位:市经济信息\n\n化委)"
    clean = clean_text(raw)
    assert clean.text == "(责任单位:市经济信息化委)"
    start = clean.text.index("市经济信息化委")
    assert clean.to_raw(start, start + len("市经济信息化委")) == (8, 17)
    assert raw[8:17] == "市经济信息\n\n化委"
    assert clean.to_raw_index(clean.text.index("任")) == 4


def test_clean_drops_page_number_lines():
    # 002 l.147-152: the page number —４— inside measure (十一)
    raw = (
        "(十一)数字赋能航运服务贸易.建设智慧港口,深化区块链、\n—４—\n\n\n\n"
        "大数据等技术应用,加强电子提单、电子信用证、船舶船员电子证\n"
    )
    text = clean_text(raw).text
    assert (
        text
        == "(十一)数字赋能航运服务贸易.建设智慧港口,深化区块链、大数据等技术应用,加强电子提单、电子信用证、船舶船员电子证"
    )


@pytest.mark.parametrize(
    "page", ["—８１—", "- 12 -", "－ 12 －", "第 3 页", "第3页 共10页", "Page 7 of 20"]
)
def test_clean_drops_page_number_styles(page):
    # 003 l.780-786 with the page number (—８１—) printed in other common styles
    raw = f"会影响力.完善人力资源服务体系,建立“线下一门受理,线上一\n\n{page}\n\n\n\n网通办”的公共服务办事机制"
    assert (
        clean_text(raw).text
        == "会影响力.完善人力资源服务体系,建立“线下一门受理,线上一网通办”的公共服务办事机制"
    )


def test_clean_drops_padded_bare_page_numbers():
    # 000 l.9565-9572: a running header, two bare page numbers padded with U+3000, then a TOC
    raw = (
        "数据来源：ＷＴＯ国际贸易数据库。\n 第四部分\u3000数据表组\n\n１７６\u3000\u3000\n １７７\u3000\u3000\n\n"
        "《２００４上海国际服务贸易\n发展研究报告集》目录\n"
    )
    # (too few lines to tell the layout: the remaining lines stay as they are)
    assert (
        clean_text(raw).text
        == "数据来源:WTO国际贸易数据库。\n《2004上海国际服务贸易\n发展研究报告集》目录"
    )


def test_clean_drops_header_on_a_page_number_and_joins_the_sentence():
    # 000 l.6678-6686: a policy title as page header and page number 125 split a sentence
    raw = (
        "度，提升品牌产品和服务出口附加值。（中央宣传部、商务部、文化和旅游部、广电总局、外文局和各地\n\n\n\n"
        "商务部等２７部门关于推进对外文化贸易高质量发展的意见\n\n１２５\u3000\u3000\n\n"
        "方人民政府按职责分工负责）\n"
    )
    assert clean_text(raw).text == (
        "度,提升品牌产品和服务出口附加值。(中央宣传部、商务部、文化和旅游部、广电总局、外文局和各地方人民政府按职责分工负责)"
    )


def test_clean_drops_running_header_repeated_at_page_starts():
    # 000 l.3463-3471, 4341-4348, 5459-5467 without their page numbers: the header repeats
    raw = (
        "创造有利条件，完善多元化的支持举措，以发挥基地的集聚示范引领效应。鼓励各基地挖掘特色优势\n\n\n\n"
        "第二部分\u3000专题报告\n\n文化产业出口的潜力，建设具有上海特色的文化出口基地。\n\n"
        "深入研究人力资源服务贸易的特点和规律，创新金融产品，为基地和企业提供融资支持。举办人力资\n\n\n\n"
        "第二部分\u3000专题报告\n\n源服务业国际合作论坛，打造行业交流对接、合作发展的平台。\n\n"
        "对外向型经济与跨境业态的服务特征。\n\n\n\n"
        "第二部分\u3000专题报告\n\n\u3000\u3000（五）“走出去、引进来”闭环发展\n"
    )
    assert clean_text(raw).text.split("\n") == [
        "创造有利条件,完善多元化的支持举措,以发挥基地的集聚示范引领效应。鼓励各基地挖掘特色优势文化产业出口的潜力,建设具有上海特色的文化出口基地。",
        "深入研究人力资源服务贸易的特点和规律,创新金融产品,为基地和企业提供融资支持。举办人力资源服务业国际合作论坛,打造行业交流对接、合作发展的平台。",
        "对外向型经济与跨境业态的服务特征。",
        "(五)“走出去、引进来”闭环发展",
    ]


def test_clean_decodes_garbled_latin():
    # 000 l.1324: ICT printed in a font that maps Latin letters to GBK A0xx
    assert (
        clean_text("\u3000\u3000（二）犐犆犜产业外商投资持续增长\n").text
        == "(二)ICT产业外商投资持续增长"
    )


def test_clean_decodes_garbled_latin_next_to_latin():
    # 000 l.8073: a run of upper and lower case (AIoT)
    assert (
        clean_text("\u3000\u3000（一）完善城市犃犐狅犜基础设施").text == "(一)完善城市AIoT基础设施"
    )


def test_clean_decodes_a_single_garbled_letter_next_to_latin():
    # 000 l.1324 with the acronym half garbled: one garbled letter beside full-width ones
    assert clean_text("（二）Ｉ犆Ｔ产业外商投资持续增长").text == "(二)ICT产业外商投资持续增长"


def test_clean_keeps_a_lone_garbled_lookalike():
    # 000 l.9328: 犇 is also a real character, here in a person's name
    raw = "长宁、普陀、静安、虹口） 陈\u3000犇 １３５８５８３９９２９"
    assert clean_text(raw).text == "长宁、普陀、静安、虹口) 陈 犇 13585839929"


def test_clean_converts_traditional_text_to_simplified():
    # 002 l.313-317 as a traditional-character text would print it
    raw = "由上海市推進上海國際貿易中心建設領導小組牽頭數字貿易\n\n和服務貿易高質量發展工作"
    clean = clean_text(raw)
    assert (
        clean.text == "由上海市推进上海国际贸易中心建设领导小组牵头数字贸易和服务贸易高质量发展工作"
    )
    start = clean.text.index("国际贸易")
    assert raw[slice(*clean.to_raw(start, start + 4))] == "國際貿易"


def test_clean_leaves_simplified_text_untouched():
    # 000 l.1997: 著 (显著) is also a traditional form; the text is simplified, so it stays
    raw = "１．１５亿吨，同比增长３６．０％，增幅显著大于全港其他主要货种。"
    assert clean_text(raw).text == "1.15亿吨,同比增长36.0%,增幅显著大于全港其他主要货种。"


def test_clean_drops_circled_footnote_marks():
    # 000 l.381: NFKC would turn ① into the digit 1
    assert (
        clean_text("\u3000\u3000（四）知识密集型服务①表现突出").text == "(四)知识密集型服务表现突出"
    )


def test_clean_drops_superscript_footnote_marks():
    # 001 l.262: ¹ is a footnote mark
    raw = "2021 年我国数字贸易规模¹为 3502.3 亿美元，同比增长 22.7%"
    assert clean_text(raw).text == "2021年我国数字贸易规模为3502.3亿美元,同比增长22.7%"


def test_clean_keeps_superscript_exponents_after_latin_letters():
    # 004 l.91 with the unit printed as 万m²: an exponent after a letter is not a footnote mark
    assert clean_text("展览面积 1942 万m² (2019 年)").text == "展览面积 1942 万m2 (2019 年)"


def test_clean_removes_markdown_bold_markers():
    # 001 l.697
    raw = "——**进出口规模占全国比重大。**2016 年以来，上海数字贸易进出口规模一直名列全国前茅"
    assert (
        clean_text(raw).text
        == "——进出口规模占全国比重大。2016年以来,上海数字贸易进出口规模一直名列全国前茅"
    )


def test_clean_normalises_full_width_forms_per_character():
    # 002 l.6: full-width digits; the space inserted before the year bracket goes
    clean = clean_text("沪府办发 〔２０２４〕３１号")
    assert clean.text == "沪府办发〔2024〕31号"
    assert clean.to_raw(4, len(clean.text)) == (5, 14)


def test_clean_private_use_lost_space_and_note_mark():
    # 000 l.1789 (U+E011, a lost word space) and l.1969 (U+E012, a table note mark)
    assert (
        clean_text("Ｂ２Ｃ（Ｂｕｓｉｎｅｓｓ\ue011ｔｏ\ue011Ｃｏｎｓｕｍｅｒ，商对客").text
        == "B2C(Business to Consumer,商对客"
    )
    assert clean_text("２０２１\ue012 ７０６．０ １４８．８").text == "2021 706.0 148.8"


def test_clean_guillemets_become_title_marks():
    # 002 l.211
    assert (
        clean_text("(十五)提升领军企业能级.每年更新«上海市服务贸易促进").text
        == "(十五)提升领军企业能级.每年更新《上海市服务贸易促进"
    )


def test_clean_closes_up_letter_spaced_lines():
    # 002 l.4
    clean = clean_text("上 海 市 人 民 政 府 办 公 厅 文 件")
    assert clean.text == "上海市人民政府办公厅文件"
    assert clean.to_raw(0, 2) == (0, 3)


def test_clean_expansion_maps_every_produced_character_to_its_source():
    # 000 l.2643: NFKC of Ⅵ (one character) is VI (two)
    raw = "防止船舶造成污染公约〉附则Ⅵ修正案》已生效"
    clean = clean_text(raw)
    assert clean.text == "防止船舶造成污染公约〉附则VI修正案》已生效"
    start = clean.text.index("VI")
    assert [clean.to_raw_index(i) for i in range(start - 1, start + 3)] == [12, 13, 13, 14]
    assert clean.to_raw(start, start + 2) == (13, 14)


def test_clean_splits_before_headings():
    # 002 l.39-43
    raw = "易的比重达到５０％左右,制定本实施方案.\n\n一、大力发展数字交付服务贸易\n\n(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东\n\n新区数字基础设施优势"
    assert clean_text(raw).text.split("\n") == [
        "易的比重达到50%左右,制定本实施方案.",
        "一、大力发展数字交付服务贸易",
        "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东新区数字基础设施优势",
    ]


def test_clean_heading_line_ends_its_paragraph():
    # 000 l.21-25: a heading without final punctuation, then unindented text
    raw = "一、 全球服务贸易发展情况分析\n\n世界贸易组织（ＷｏｒｌｄＴｒａｄｅＯｒｇａｎｉｚａｔｉｏｎ，ＷＴＯ）的数据显示，２０１２年以来，全球服务贸易总体\n\n呈现增长态势"
    assert clean_text(raw).text.split("\n") == [
        "一、 全球服务贸易发展情况分析",
        "世界贸易组织(WorldTradeOrganization,WTO)的数据显示,2012年以来,全球服务贸易总体呈现增长态势",
    ]


def test_clean_line_starting_with_a_decimal_is_not_a_heading():
    # 003 l.260-264: ３．２％ starts a line but is a number
    raw = "服务功能进一步增强,口岸货物进出口总额占全球比重稳定在\n\n３．２％左右,金融市场直接融资额占国内直接融资额比重保持８５％\n\n左右"
    assert (
        clean_text(raw).text
        == "服务功能进一步增强,口岸货物进出口总额占全球比重稳定在3.2%左右,金融市场直接融资额占国内直接融资额比重保持85%左右"
    )


def test_clean_splits_at_a_paragraph_indent():
    # 002 l.23-27: a title, then a paragraph indented with U+3000
    raw = " 上海市推动数字贸易和服务贸易\n\n高质量发展的实施方案\n\n\u3000\u3000为深入贯彻落实«中共中央办公厅\u3000国务院办公厅关于数字"
    assert clean_text(raw).text.split("\n") == [
        "上海市推动数字贸易和服务贸易高质量发展的实施方案",
        "为深入贯彻落实《中共中央办公厅 国务院办公厅关于数字",
    ]


def test_clean_page_start_space_is_not_an_indent():
    # 002 l.104-105: the first line of a page opens with one ASCII space
    raw = "立中国或亚太地区总部、上线中国站点.推进海关特殊监管区域\n 内外贸商品“同仓储存、同包发货”,扩大保税进口."
    assert (
        clean_text(raw).text
        == "立中国或亚太地区总部、上线中国站点.推进海关特殊监管区域内外贸商品“同仓储存、同包发货”,扩大保税进口."
    )


def test_clean_colon_inside_open_bracket_does_not_end_a_paragraph():
    # 002 l.59-61 broken one word earlier: (责任单位: at a line end
    raw = "序试放、试映,吸引国际顶级电竞赛事在沪举办.(责任单位:\n\n市委宣传部、市商务委、市文化旅游局、市体育局)"
    assert (
        clean_text(raw).text
        == "序试放、试映,吸引国际顶级电竞赛事在沪举办.(责任单位:市委宣传部、市商务委、市文化旅游局、市体育局)"
    )


def test_clean_keeps_tab_separated_table_rows_on_their_own_lines():
    # 001 l.1000-1002
    raw = "1\t上海英斯贝克商品检验有限公司\t云服务\t宝山\n2\t上海微盟企业发展有限公司\t云服务\t宝山\n3\t上海沃行信息技术有限公司\t云服务\t虹口\n"
    assert clean_text(raw).text == raw.rstrip("\n")


def test_clean_keeps_space_separated_table_rows_on_their_own_lines():
    # 000 l.96-100: rows of a table flattened with spaces, a blank line after each
    raw = "\u3000运输 １１５８．５ ３５．３ ２１．６\n\n\u3000旅游 ６１４．７ １１．１ ２６\n\n\u3000建筑 １０１．８ １１．１ １．７\n"
    assert clean_text(raw).text.split("\n") == [
        "运输 1158.5 35.3 21.6",
        "旅游 614.7 11.1 26",
        "建筑 101.8 11.1 1.7",
    ]


def test_clean_footnote_marks_line_separates_the_notes():
    # 000 l.5226-5238: the markers ①–④ alone on lines, then the notes
    raw = (
        "第一家贸易型企业、第一家营运中心、第一家分拨中心、第一批国际贸易结算中心等。２０１３年上\n\n"
        + "\u3000" * 8
        + "\n\n①\n\n②\n\n③\n\n④\n\n"
        "５个网站，包括（１）ＵＤＣ官方网站；（２）一键通企业事务服务平台；（３）全球并购网；（４）境外投资服务平台；（５）ＵＤＣ门户网站。\n"
    )
    assert clean_text(raw).text.split("\n") == [
        "第一家贸易型企业、第一家营运中心、第一家分拨中心、第一批国际贸易结算中心等。2013年上",
        "5个网站,包括(1)UDC官方网站;(2)一键通企业事务服务平台;(3)全球并购网;(4)境外投资服务平台;(5)UDC门户网站。",
    ]


def test_clean_superscript_footnote_text_starts_a_paragraph():
    # 001 l.262-264 (end of l.262): the note under a paragraph
    raw = (
        "数字服务进口额 1758.7 亿美元，同比增长 18.3%，占服务进口总额的 38.3%。\n\n"
        "¹ 现阶段，我国数字贸易主要是涵盖服务贸易项下的保险和养老金服务、金融服务、知识产权使用费\n"
    )
    assert clean_text(raw).text.split("\n") == [
        "数字服务进口额1758.7亿美元,同比增长18.3%,占服务进口总额的38.3%。",
        "现阶段,我国数字贸易主要是涵盖服务贸易项下的保险和养老金服务、金融服务、知识产权使用费",
    ]


def test_clean_short_lines_end_paragraphs_in_paragraph_layout(seeds):
    # 004 l.13-19: one paragraph per line; the date, note and title stay lines of their own
    lines = seeds["004"][1].text.split("\n")
    start = lines.index("2021年4月17日")
    assert lines[start : start + 3] == [
        "2021年4月17日",
        "(此件公开发布)",
        "“十四五”时期提升上海国际贸易中心能级规划",
    ]
    assert lines[start + 3].startswith("“十四五”时期,是上海立足新发展阶段")


def test_clean_joins_across_page_breaks_in_paragraph_layout(seeds):
    # 004 l.27-29: a page break inside a word (汇兑顺 | 畅度)
    assert "经常项目汇兑顺畅度进一步提升" in seeds["004"][1].text


def test_clean_handles_crlf_line_ends():
    # 002 l.49-51 with Windows line ends: \r goes, offsets point into the CRLF text
    raw = "处理与交易处理、信息保护和处理服务.(责任单位:市经济信息\r\n\r\n化委、市通信管理局)\r\n"
    clean = clean_text(raw)
    assert (
        clean.text == "处理与交易处理、信息保护和处理服务.(责任单位:市经济信息化委、市通信管理局)"
    )
    start = clean.text.index("化委")
    assert clean.to_raw_index(start) == raw.index("化委")


def test_clean_text_without_blank_lines_is_joined_like_the_original(seeds):
    # The rules must not depend on the blank line after every visual line (002 and 003).
    for key in ("002", "003"):
        raw, clean = seeds[key]
        squeezed = re.sub(r"\n\n(?!\n)", "\n", raw)
        assert clean_text(squeezed).text == clean.text, key


def test_clean_lines_that_are_paragraphs_stay_lines():
    # Already one paragraph per line (e.g. cleaned text): no line is joined to the next.
    # 000 l.8135-8136 and l.7770 (a page header block; the addressees as cleaning prints them)
    raw = "上海市人民政府办公厅\n关于印发《上海市全面推进城市数字化转型“十四五”规划》的通知\n各区人民政府,市政府各委、办、局:"
    assert clean_text(raw).text == raw


def test_clean_is_idempotent(seeds):
    for key, (_, clean) in seeds.items():
        assert clean_text(clean.text).text == clean.text, key


# Pieces of the seed texts' artefacts, for random texts (hypothesis).
_PIECES = [
    *"上海市商务委员会牵头推进、。，,.:;()（）《》«»“”—\t 　①¹*犐犆犜犇務員會１２３4%…",
    "第3页", "—４—", "(一)", "一、", "1.", "３．２％", "专栏1", "图1 ", "资料来源:", "２０２４年１２月３０日",
    "沪府办发 〔２０２４〕３１号", "【发布文号】", "运输 １１５８．５ ３５．３", "上 海 市", "(执笔:x)",
    "第二部分\u3000专题报告", "７０\u3000\u3000", "ｍ²", "\ue011", "\ue012", "高质量发展的实施方案推动数字贸易和服务贸易",
]  # fmt: skip
_DOCS = st.lists(
    st.tuples(
        st.lists(st.sampled_from(_PIECES), max_size=12).map("".join),
        st.sampled_from(["\n", "\n\n", "\n\n\n\n", "\r\n", "\x0c"]),
    ),
    max_size=30,
).map(lambda lines: "".join(text + brk for text, brk in lines))


@settings(max_examples=300, deadline=None)
@given(_DOCS)
def test_clean_is_idempotent_on_random_texts(raw):
    clean = clean_text(raw)
    assert clean_text(clean.text).text == clean.text


@settings(max_examples=300, deadline=None)
@given(_DOCS)
def test_clean_map_is_monotone_and_inside_raw(raw):
    clean = clean_text(raw)
    sources = [clean.to_raw_index(i) for i in range(len(clean.text))]
    assert sources == sorted(sources)
    assert all(0 <= i < len(raw) for i in sources)


def test_clean_empty_and_blank_texts():
    assert clean_text("").text == ""
    assert clean_text("\n\u3000\n \n").text == ""
    assert clean_text("").to_raw(0, 0) == (0, 0)


def test_clean_to_raw_rejects_spans_outside_the_text():
    clean = clean_text("上海海\n\n关")
    assert clean.text == "上海海关"
    assert clean.to_raw(4, 4) == (6, 6)
    with pytest.raises(ValueError):
        clean.to_raw(2, 5)
    with pytest.raises(IndexError):
        clean.to_raw_index(4)


def _chunks(raw: str, clean: CleanText) -> list[tuple[int, int]]:
    """Clean spans that contain no line break and skip no dropped letter or digit of raw."""
    decoded = charnorm.decode_garbled_latin(raw)  # 000 prints ICT as 犐犆犜
    marks = set(charnorm.footnote_marks() + charnorm.superscript_digits())
    text = clean.text
    chunks, start = [], 0
    for i in range(1, len(text) + 1):
        if i < len(text) and text[i] != "\n" and text[i - 1] != "\n":
            a, b = clean.to_raw_index(i - 1), clean.to_raw_index(i)
            if not norm("".join(ch for ch in decoded[a + 1 : b] if ch not in marks)):
                continue
        end = i - 1 if text[i - 1] == "\n" else i
        if end > start:
            chunks.append((start, end))
        start = i
    return chunks


def test_clean_spans_map_back_to_their_raw_characters(seeds):
    # For spans that do not straddle dropped page furniture, the raw text at to_raw(s, e)
    # normalises to the clean slice (footnote marks, which cleaning drops, left out).
    rng = random.Random(4)
    marks = set(charnorm.footnote_marks() + charnorm.superscript_digits())
    for key, (raw, clean) in seeds.items():
        decoded = charnorm.decode_garbled_latin(raw)
        chunks = _chunks(raw, clean)
        spans = chunks + [
            tuple(sorted(rng.sample(range(s, e + 1), 2)))
            for s, e in chunks
            if e - s > 2
            for _ in range(3)
        ]
        for s, e in spans:
            rs, re_ = clean.to_raw(s, e)
            source = "".join(ch for ch in decoded[rs:re_] if ch not in marks)
            assert norm(source) == norm(clean.text[s:e]), (key, s, e)


def test_clean_only_page_furniture_is_skipped_inside_paragraphs(seeds):
    # The raw letters and digits that a clean paragraph skips are page numbers and headers.
    _, clean = seeds["002"]
    (paragraph,) = [line for line in clean.text.split("\n") if line.startswith("(十一)")]
    start = clean.text.index(paragraph)
    raw = seeds["002"][0]
    assert norm(raw[slice(*clean.to_raw(start, start + len(paragraph)))]) == norm(
        paragraph
    ).replace("区块链大数据", "区块链4大数据")
