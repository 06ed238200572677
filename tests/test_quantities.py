"""Numbers and units: parse_quantity, find_quantities, cn_number (issue #5)."""

from __future__ import annotations

from policykg.extract.clean import clean_text
from policykg.extract.quantities import cn_number, find_quantities, parse_quantity


def _found(text: str) -> list[tuple[str, float, str]]:
    return [(q.text, q.value, q.unit) for q in find_quantities(text)]


def test_quantities_fullwidth_value_and_scale():
    # 002 l.35-37: 全市服务进出口规模达到２６００亿美元
    q = parse_quantity("２６００亿美元")
    assert (q.value, q.unit, q.base_value, q.base_unit, q.dimension) == (
        2600.0,
        "亿美元",
        2.6e11,
        "美元",
        "currency",
    )


def test_quantities_trillion_scale_compares_with_billion():
    # 000 l.31 (进出口总额为１１．７万亿美元) and 000 l.60 (运输服务出口额为１１５８５亿美元)
    trillion = parse_quantity("１１．７万亿美元")
    billion = parse_quantity("１１５８５亿美元")
    assert trillion.unit == "万亿美元" and trillion.base_value == 11.7e12
    assert trillion.comparable(billion)
    assert billion.base_value < trillion.base_value


def test_quantities_container_unit_keeps_printed_unit():
    # 000 l.1979: 上海港完成集装箱吞吐量４７０３．３３万标准箱
    q = parse_quantity("４７０３．３３万标准箱")
    assert (q.value, q.unit, q.base_unit, q.base_value) == (
        4703.33,
        "万标准箱",
        "标准箱",
        47033300.0,
    )


def test_quantities_percentage_point_is_not_percent():
    # 004 l.27: 附加值和技术含量较高的贸易进出口占比达53.7%,比2015年提高6.3个百分点
    assert _found("占比达53.7%,比2015年提高6.3个百分点") == [
        ("53.7%", 53.7, "%"),
        ("6.3个百分点", 6.3, "个百分点"),
    ]


def test_quantities_chinese_numerals():
    # 004 l.19: 二〇三五年远景目标; 003 l.33: 二○三五年 (U+25CB as zero)
    assert cn_number("二〇三五") == 2035
    assert cn_number("二○三五") == 2035
    assert cn_number("两千") == 2000
    assert cn_number("一百零五") == 105
    assert cn_number("三千五百万") == 35_000_000


def test_quantities_chinese_numeral_count_in_text():
    # 000 l.830: 动员贝塔斯曼和德迅两家服务贸易跨国企业参加第四届进博会
    assert _found("动员贝塔斯曼和德迅两家服务贸易跨国企业参加第四届进博会") == [("两家", 2.0, "家")]


def test_quantities_chinese_numeral_idioms_are_not_quantities():
    # 001 l.1430: 入选第二批 is an ordinal; 004 l.276: 零部件 holds 零 and 部;
    # 004 l.73: 千亿级、万亿级 is a size class.
    assert _found("入选第二批国家文化出口基地") == []
    assert _found("技术、设备及零部件进口") == []
    assert _found("培育若干千亿级、万亿级交易平台") == []


def test_quantities_range_shares_the_second_unit():
    # 004 l.296: 培育 2—3 家以“云会展”为主要业务的新型展会主办企业
    q = parse_quantity("2—3家")
    assert (q.value, q.upper, q.unit) == (2.0, 3.0, "家")
    # 000 l.1903: 进出口总额变化区间在２５０亿—４３０亿美元
    (q,) = find_quantities("2010—2019年的进出口总额变化区间在250亿—430亿美元")
    assert (q.text, q.value, q.upper, q.unit) == ("250亿—430亿美元", 250.0, 430.0, "亿美元")


def test_quantities_codes_and_years_are_not_quantities():
    # 003 l.70: ５G、云计算; 003 l.592: 长三角 G６０科创走廊; 003 l.879: 用户直连制造商(C２M)
    assert _found("5G、云计算、长三角G60科创走廊、用户直连制造商(C2M)平台,2016—2021年") == []


def test_quantities_unit_inside_another_word():
    # 000 l.10549: 商务部、国家中医药管理局等７部门关于支持国家中医药服务出口基地
    assert _found("商务部、国家中医药管理局等7部门关于支持国家中医药服务出口基地") == []


def test_quantities_thousands_separator():
    # 001 l.1713: 在全世界拥有 5,000 万月活跃用户 (cleaning closes the spaces)
    assert _found("在全世界拥有5,000万月活跃用户") == [("5,000万", 5000.0, "万")]


def test_quantities_more_than_marker_between_number_and_unit():
    # 004 l.31: 已有 5300 多家企业落户 (cleaning closes the spaces)
    (q,) = find_quantities("已有5300多家企业落户")
    assert (q.value, q.unit, q.modifier) == (5300.0, "家", "多")


def test_quantities_decimal_wrapped_to_line_start():
    # 003 l.66-68: a line break before １５６．４％ (the full-width dot is the decimal point)
    raw = "技术合同成交额达１８１５．３亿元,较２０１５年增长\n\n１５６．４％.\n"
    text = clean_text(raw).text
    assert _found(text) == [("1815.3亿元", 1815.3, "亿元"), ("156.4%", 156.4, "%")]


def test_quantities_offsets_point_at_the_printed_quantity():
    # 000 l.1979
    text = "2021年,上海港完成集装箱吞吐量4703.33万标准箱,同比增长8.1%"
    assert [text[q.start : q.end] for q in find_quantities(text)] == ["4703.33万标准箱", "8.1%"]
