"""Document head metadata, document numbers and document-level lead bodies.

Texts are cleaned excerpts of the seed texts (NFKC applied, «» → 《》, letter-spaced banner
collapsed, one paragraph per line); the comment names the seed file and its raw lines.
"""

import pytest

from policykg.extract.metadata import (
    find_doc_numbers,
    find_document_leads,
    find_metadata,
    issuer_of_number,
)

# 002 l.4-25
HEAD_002 = (
    "上海市人民政府办公厅文件\n"
    "沪府办发 〔2024〕31号\n"
    "上海市人民政府办公厅关于印发《上海市推动数字贸易和服务贸易高质量发展的实施方案》的通知\n"
    "各区人民政府,市政府各委、办、局,各相关单位:\n"
    "《上海市推动数字贸易和服务贸易高质量发展的实施方案》已经市政府同意,现印发给你们,"
    "请认真贯彻执行.\n"
    "2024年12月30日\n"
    "(此件公开发布)\n"
    "上海市推动数字贸易和服务贸易高质量发展的实施方案\n"
)

# 003 l.4-25
HEAD_003 = (
    "上海市人民政府办公厅文件\n"
    "沪府办发 〔2021〕7号\n"
    "上海市人民政府办公厅关于印发《上海市服务业发展“十四五”规划》的通知\n"
    "各区人民政府,市政府各委、办、局:\n"
    "经市政府同意,现将《上海市服务业发展“十四五”规划》印发给你们,请认真按照执行.\n"
    "2021年6月16日\n"
    "(此件公开发布)\n"
    "上海市服务业发展“十四五”规划\n"
)

# 004 l.3-17 (the title line has a space inserted by the PDF extraction)
HEAD_004 = (
    "上海市人民政府文件\n"
    "沪府发〔2021〕2号\n"
    "上海市人民政府关于印发 《“十四五”时期提升上海国际贸易中心 能级规划》的通知\n"
    "各区人民政府,市政府各委、办、局:\n"
    "现将《“十四五”时期提升上海国际贸易中心能级规划》印发给你们,请认真按照执行。\n"
    "2021年4月17日\n"
    "(此件公开发布)\n"
    "“十四五”时期提升上海国际贸易中心能级规划\n"
)


def _spans(text: str, meta) -> dict[str, str]:
    return {
        name: text[span[0] : span[1]]
        for name in ("title_span", "doc_number_span", "issuer_span", "date_span")
        if (span := getattr(meta, name)) is not None
    }


def test_metadata_plan_002():
    meta = find_metadata(HEAD_002)
    assert (meta.title, meta.doc_number, meta.issuer, meta.date) == (
        "上海市推动数字贸易和服务贸易高质量发展的实施方案",
        "沪府办发〔2024〕31号",
        "上海市人民政府办公厅",
        "2024-12-30",
    )
    assert _spans(HEAD_002, meta) == {
        "title_span": "上海市推动数字贸易和服务贸易高质量发展的实施方案",
        "doc_number_span": "沪府办发 〔2024〕31号",
        "issuer_span": "上海市人民政府办公厅",
        "date_span": "2024年12月30日",
    }


def test_metadata_plan_003():
    meta = find_metadata(HEAD_003)
    assert (meta.title, meta.doc_number, meta.issuer, meta.date) == (
        "上海市服务业发展“十四五”规划",
        "沪府办发〔2021〕7号",
        "上海市人民政府办公厅",
        "2021-06-16",
    )


def test_metadata_plan_004():
    meta = find_metadata(HEAD_004)
    assert (meta.title, meta.doc_number, meta.issuer, meta.date) == (
        "“十四五”时期提升上海国际贸易中心能级规划",
        "沪府发〔2021〕2号",
        "上海市人民政府",
        "2021-04-17",
    )


def test_metadata_title_span_keeps_printed_space():
    meta = find_metadata(HEAD_004)
    assert _spans(HEAD_004, meta)["title_span"] == "“十四五”时期提升上海国际贸易中心 能级规划"


def test_metadata_title_wrapped_over_lines():
    # 002 l.8-12 when the cleaner keeps the title block's line breaks
    text = HEAD_002.replace(
        "关于印发《上海市推动数字贸易和服务贸易", "关于印发\n《上海市推动数字贸易和服务贸易\n"
    )
    assert find_metadata(text).title == "上海市推动数字贸易和服务贸易高质量发展的实施方案"


def test_metadata_title_with_addressees_run_on():
    # 002 l.8-14 when the addressee line is joined to the title
    text = HEAD_002.replace("的通知\n各区", "的通知各区")
    meta = find_metadata(text)
    assert _spans(text, meta)["title_span"] == "上海市推动数字贸易和服务贸易高质量发展的实施方案"


def test_metadata_head_run_together():
    # 002 l.4-8 when banner, number and title end up on one line
    text = HEAD_002.replace("文件\n", "文件").replace("31号\n", "31号")
    meta = find_metadata(text)
    assert (meta.doc_number, meta.issuer, meta.title) == (
        "沪府办发〔2024〕31号",
        "上海市人民政府办公厅",
        "上海市推动数字贸易和服务贸易高质量发展的实施方案",
    )


def test_metadata_footer_date_is_not_signing_date():
    # 002 l.20 and l.322: signing date in the head, 印发 date in the footer
    text = (
        HEAD_002 + "抄送:市委各部门,市人大常委会办公厅.\n上海市人民政府办公厅 2024年12月31日印发\n"
    )
    assert find_metadata(text).date == "2024-12-30"


def test_metadata_footer_date_used_when_nothing_else():
    # 002 l.322 footer after a head without a date line
    text = HEAD_002.replace("2024年12月30日\n", "") + "上海市人民政府办公厅 2024年12月30日印发\n"
    meta = find_metadata(text)
    assert (meta.date, _spans(text, meta)["date_span"]) == ("2024-12-30", "2024年12月30日")


def test_metadata_date_in_chinese_numerals():
    # 002 head with the date written in characters, as many documents print it
    text = HEAD_002.replace("2024年12月30日", "二〇二四年十二月三十日")
    assert find_metadata(text).date == "2024-12-30"


def test_metadata_number_after_title_and_issuer_from_title():
    # 000 l.8723-8730: no banner; the number follows the notice title
    text = (
        "市商务委关于印发《全面推进上海数字商务高质量发展实施意见》的通知\n"
        "沪商电商〔2021〕121号\n"
        "各区商务主管部门,机关各处办、委属各单位:\n"
    )
    meta = find_metadata(text)
    assert (meta.title, meta.doc_number, meta.issuer) == (
        "全面推进上海数字商务高质量发展实施意见",
        "沪商电商〔2021〕121号",
        "市商务委",
    )


def test_metadata_joint_issuers_first_named_and_date_at_end():
    # 000 l.6457-6470 and l.6834-6852 (abridged): an opinion signed at the end
    text = (
        "商务部等27部门关于推进对外文化贸易高质量发展的意见\n"
        "商服贸发〔2022〕102号\n"
        "各省、自治区、直辖市及计划单列市人民政府,新疆生产建设兵团,中央宣传部、中央网信办:\n"
        "党中央、国务院高度重视推进对外贸易高质量发展、推动中华文化走出去工作。\n"
        "一、 总体要求\n"
        "(一)指导思想\n"
        "明确任务、落实责任,完善和细化相关政策措施,确保各项举措及时落地见效。\n"
        "商务部 中央宣传部 中央网信办 外交部\n"
        "知识产权局 贸促会 外文局\n"
        "2022年7月18日\n"
    )
    meta = find_metadata(text)
    assert (meta.title, meta.doc_number, meta.issuer, meta.date) == (
        "商务部等27部门关于推进对外文化贸易高质量发展的意见",
        "商服贸发〔2022〕102号",
        "商务部",
        "2022-07-18",
    )


def test_metadata_report_title_signature_and_month():
    # 001 l.4-11: a report: title, authors, month
    text = "上海数字贸易发展报告 2022\n上海市商务委员会\n中国服务外包研究中心\n2023年1月\n目 录\n"
    meta = find_metadata(text)
    assert (meta.title, meta.doc_number, meta.issuer, meta.date) == (
        "上海数字贸易发展报告2022",
        "",
        "上海市商务委员会",
        "2023-01",
    )


def test_metadata_issuer_of_number_prefix():
    # prefixes from 000 l.9184, l.10474 and 002 l.6 (data/doc_number_prefixes.csv)
    assert [
        issuer_of_number(n)
        for n in ("沪商财〔2022〕81号", "国务院令〔2020〕第732号", "沪府办发〔2024〕31号")
    ] == ["上海市商务委员会", "国务院", "上海市人民政府办公厅"]


def test_metadata_issuer_from_number_when_not_printed():
    # 000 l.9184-9186 number line followed by addressees, no issuer printed nearby
    text = "沪商财〔2022〕81号\n各区商务主管部门:\n"
    assert find_metadata(text).issuer == "上海市商务委员会"


@pytest.mark.parametrize(
    ("text", "number", "surface"),
    [
        # 000 l.10543-10545, line break inside the prefix joined, with and without a space
        (
            "若干措施的通知(商服贸 函〔2021〕519号)",
            "商服贸函〔2021〕519号",
            "商服贸 函〔2021〕519号",
        ),
        ("若干措施的通知(商服贸函〔2021〕519号)", "商服贸函〔2021〕519号", "商服贸函〔2021〕519号"),
        # 002 l.6
        ("沪府办发 〔2024〕31号", "沪府办发〔2024〕31号", "沪府办发 〔2024〕31号"),
        # 000 l.9891-9893, break between prefix and bracket
        ("免征营业税的通知》(财税 〔2010〕64号)", "财税〔2010〕64号", "财税 〔2010〕64号"),
        # 000 l.9950-9952, break after the bracket
        (
            "规划纲要》的通知(商服贸发〔2011〕 340号)",
            "商服贸发〔2011〕340号",
            "商服贸发〔2011〕 340号",
        ),
        # 000 l.10425-10427: announcement numbers keep only 公告
        (
            "的公告(商务部、财政部、海关总署公告2018年第105号)",
            "公告2018年第105号",
            "公告2018年第105号",
        ),
        # 000 l.10472, l.10474: decrees with 第
        (
            "中华人民共和国出口管制法(中华人民共和国主席令〔2020〕第58号)",
            "中华人民共和国主席令〔2020〕第58号",
            "中华人民共和国主席令〔2020〕第58号",
        ),
        ("管理条例(国务院令〔2020〕第732号)", "国务院令〔2020〕第732号", "国务院令〔2020〕第732号"),
        # 000 l.6365: database-style label before the number
        (
            "【发布文号】商办服贸函〔2022〕183号",
            "商办服贸函〔2022〕183号",
            "商办服贸函〔2022〕183号",
        ),
    ],
)
def test_metadata_doc_number_shapes(text, number, surface):
    ((start, end, found),) = find_doc_numbers(text)
    assert (found, text[start:end]) == (number, surface)


def test_metadata_doc_number_in_running_text_skips_leading_words():
    # constructed (not in the seeds): a known prefix right after a verb (根据…文件精神)
    text = "根据沪府办发〔2024〕31号文件精神"
    start = text.index("沪")
    assert find_doc_numbers(text) == [(start, start + 13, "沪府办发〔2024〕31号")]


def test_metadata_unknown_prefix_cut_at_function_word():
    # constructed (not in the seeds): a prefix not in the table; the verb 按照 is not part of it
    text = "按照苏商贸〔2021〕12号要求"
    assert find_doc_numbers(text) == [(2, 2 + len("苏商贸〔2021〕12号"), "苏商贸〔2021〕12号")]


def test_metadata_bracketed_years_are_not_numbers():
    # 000 l.10425: (2018年版) inside a title, 001 l.926: (2019—2021年)
    text = (
        "《服务外包产业重点发展领域指导目录(2018年版)》《上海市数字贸易发展行动方案(2019—2021年)》"
    )
    assert find_doc_numbers(text) == []


def test_metadata_document_lead_by_leading_group():
    # 002 l.313-317
    text = (
        "由上海市推进上海国际贸易中心建设领导小组牵头数字贸易和服务贸易高质量发展工作,"
        "领导小组各成员单位和各有关单位要按照职责分工,推进各项任务落地落实."
    )
    assert find_document_leads(text) == [(1, 20, "上海市推进上海国际贸易中心建设领导小组")]


def test_metadata_document_lead_by_coordinating_role():
    # 004 l.368
    text = (
        "26. 强化规划实施组织保障。发挥市推进上海国际贸易中心建设领导小组作用,加强统筹协调,"
        "优化财政资金支持的内容和方式。"
    )
    start = text.index("市推进")
    assert find_document_leads(text) == [(start, start + 17, "市推进上海国际贸易中心建设领导小组")]


def test_metadata_role_without_body_is_not_lead():
    # 004 l.362
    text = "24.发挥贸易与金融、航运、科技创新互相促进的作用。大力发展战略金融。"
    assert find_document_leads(text) == []


def test_metadata_leadership_of_several_bodies_is_not_lead():
    # 000 l.4879-4881 (report on Pudong): praise, not a coordinating body
    text = "在中央和市委、市政府的坚强领导下,在国家部委和市有关部门的大力支持下,浦东新区坚持大胆试"
    assert find_document_leads(text) == []


def test_metadata_lead_inside_brackets_is_skipped():
    # constructed (not in the seeds): a bracketed responsibility clause with 牵头 belongs to
    # its measure; sentence from 002 l.43-45
    text = "推动外资全资互联网数据中心落地.(由市经济信息化委牵头,市通信管理局配合)"
    assert find_document_leads(text) == []


def test_metadata_lead_bodies_split_at_conjunction():
    # constructed (not in the seeds): 由A会同B牵头, the usual form of a joint lead
    text = "由市商务委会同市发展改革委牵头推进服务贸易创新发展试点工作。"
    assert [surface for _, _, surface in find_document_leads(text)] == ["市商务委", "市发展改革委"]
