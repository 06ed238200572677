"""Observations: reported values with region, period, growth, share, basis and source (issue #5).

Inputs are seed lines as cleaning leaves them (NFKC, 。 and ， kept as printed, lines joined),
except where a test is about the raw text: those run `clean_text` on the raw lines.
"""

from __future__ import annotations

from policykg.extract.clean import clean_text
from policykg.extract.metrics import find_observations
from policykg.extract.structure import find_headings


def _observe(text: str):
    return find_observations(text, find_headings(text))


def test_metrics_value_region_year_growth_and_share():
    # 000 l.1979
    text = "2021年,上海港完成集装箱吞吐量4703.33万标准箱,同比增长8.1%,全国占比16.6%,连续12年居全球首位。"
    (obs,) = _observe(text)
    assert (obs.indicator, obs.region, obs.year, obs.value, obs.unit) == (
        "集装箱吞吐量",
        "上海港",
        2021,
        4703.33,
        "万标准箱",
    )
    assert (obs.growth.value, obs.growth_kind) == (8.1, "同比增长")
    assert (obs.share.value, obs.share_of) == (16.6, "全国")
    assert obs.to_json()["growth"] == 8.1


def test_metrics_one_indicator_under_two_bases():
    # 000 l.1239-1241 and l.1372-1374: two statistical bases, two values for 2021
    raw = (
        "贸易的规模持续扩大。根据商务部的统计口径①，上海数字贸易进出口总额从２０１６年的５９９．９亿美\n\n"
        "元增长到２０２１年的９４６．０亿美元，年均增长率达到９．５％。\n\n"
        "三、 发展领域\n\n"
        "根据上海市商务委员会的统计口径①，２０２１年，上海数字贸易进出口总额实现３１．２％的大幅增\n\n"
        "长，达到５６８．８亿美元，占服务贸易进出口的比重提升至２４．８％。\n"
    )
    found = _observe(clean_text(raw).text)
    assert [(o.indicator, o.value, o.year, o.basis) for o in found] == [
        ("数字贸易进出口总额", 599.9, 2016, "商务部口径"),
        ("数字贸易进出口总额", 946.0, 2021, "商务部口径"),
        ("数字贸易进出口总额", 568.8, 2021, "上海市商务委员会口径"),
    ]
    assert found[1].growth.value == 9.5
    assert (found[2].growth.value, found[2].share.value) == (31.2, 24.8)


def test_metrics_range_years_from_and_to():
    # 000 l.217-219: 2010—2021年 … 从1.9万亿美元上升至3.81万亿美元
    text = (
        "联合国贸易和发展会议的数据显示,2010—2021年,全球数字贸易出口规模从1.9万亿美元上升至3.81万亿美元,"
        "年均增速达6.6%,高于服务贸易出口增速2.5个百分点。"
    )
    start, end = _observe(text)
    assert [(o.value, o.year, o.region) for o in (start, end)] == [
        (1.9, 2010, "全球"),
        (3.81, 2021, "全球"),
    ]
    assert (end.period, end.growth.value, end.growth_kind) == ("2010-2021", 6.6, "年均增速")
    assert end.source == "联合国贸易和发展会议"


def test_metrics_comparison_year_does_not_set_the_period():
    # 000 l.442-448: 为2012年的1.5倍 compares; the values are for 2021
    text = (
        "2021年上海服务贸易保持持续、稳定、快速发展的态势,服务进出口总额为2294.1亿美元,为2012年的1.5倍,"
        "同比增长49.5%,增速高于全国25.7个百分点,占全国的30.0%。其中,出口额为1035.5亿美元,为2012年的2倍,"
        "同比增长55.4%,占全国的30.6%,规模和增速均创历史新高"
    )
    total, exports = _observe(text)
    assert [(o.value, o.year, o.region) for o in (total, exports)] == [
        (2294.1, 2021, "上海"),
        (1035.5, 2021, "上海"),
    ]
    assert (total.growth.value, total.share.value, total.share_of) == (49.5, 30.0, "全国")
    assert exports.indicator == "服务出口额"


def test_metrics_part_of_a_year():
    # 000 l.13-15
    text = "2022年上半年,中国服务进出口总额为5268.4亿美元,同比增长12.9%。"
    (obs,) = _observe(text)
    assert (obs.region, obs.year, obs.period, obs.value) == ("中国", 2022, "H1", 5268.4)


def test_metrics_subject_carried_to_a_generic_head():
    # 000 l.2737: 出口额 is the exports of 文化产品和服务
    text = "据统计,2021年,上海市文化产品和服务进口额为75.60亿美元,出口额为86.89亿美元,实现顺差11.29亿美元。"
    imports, exports, surplus = _observe(text)
    assert (imports.indicator, imports.region) == ("文化产品和服务进口额", "上海")
    assert (exports.indicator, exports.value, exports.year) == ("文化产品和服务出口额", 86.89, 2021)
    assert surplus.value == 11.29


def test_metrics_respectively_list_pairs_subjects():
    # 000 l.3530-3532: 合同和执行金额…分别为208.5亿美元和145.9亿美元
    text = (
        "2022年,上海离岸服务外包合同和执行金额继续实现两位数增长,分别为208.5亿美元和145.9亿美元,"
        "分别占全国总金额的10.3%和10.67%。"
    )
    found = _observe(text)
    assert [(o.indicator, o.value, o.year) for o in found[:2]] == [
        ("离岸服务外包合同金额", 208.5, 2022),
        ("执行金额", 145.9, 2022),
    ]


def test_metrics_year_from_an_earlier_sentence():
    # 000 l.463-465
    text = (
        "2021年,全球航运市场遇空前涨价潮,进一步带动上海运输服务量价齐升。"
        "全年运输服务进出口总额为968.6亿美元,占上海服务贸易的42.2%。"
    )
    (obs,) = _observe(text)
    assert (obs.indicator, obs.year, obs.value, obs.share.value, obs.share_of) == (
        "运输服务进出口总额",
        2021,
        968.6,
        42.2,
        "上海服务贸易",
    )


def test_metrics_year_implied_by_the_section():
    # 000 l.582 (heading) and l.594: no year in the sentence
    text = (
        "(二)2022年上半年上海服务贸易走势\n"
        "其中,服务出口额为592.9亿美元,同比增长28.8%;服务进口额为646.7亿美元,同比增长20.2%。"
    )
    found = _observe(text)
    assert [(o.indicator, o.value, o.year) for o in found] == [
        ("服务出口额", 592.9, 2022),
        ("服务进口额", 646.7, 2022),
    ]


def test_metrics_source_and_most_specific_region():
    # 000 l.4407-4409
    text = "根据国家外汇管理局上海市分局的统计数据,2021年,上海市浦东新区的服务进出口规模为1148亿美元,占全市比重的近五成。"
    (obs,) = _observe(text)
    assert (obs.region, obs.year, obs.value, obs.source) == (
        "浦东新区",
        2021,
        1148.0,
        "国家外汇管理局上海市分局",
    )


def test_metrics_growth_before_its_value():
    # 000 l.4458: the growth rate comes first
    text = "2021年,基地内数字服务出口额大幅增长40%,达到15.79亿美元。"
    (obs,) = _observe(text)
    assert (obs.value, obs.growth.value, obs.growth_kind, obs.indicator) == (
        15.79,
        40.0,
        "增长",
        "基地内数字服务出口额",
    )


def test_metrics_targets_are_not_observations():
    # 002 l.33-39: values in a 到2029年 frame are targets
    text = "力争到2029年,全市服务进出口规模达到2600亿美元,数字交付服务贸易规模达到1300亿美元。"
    assert _observe(text) == []


def test_metrics_offsets_cover_indicator_and_value():
    # 000 l.1979
    text = "2021年,上海港完成集装箱吞吐量4703.33万标准箱,同比增长8.1%。"
    (obs,) = _observe(text)
    assert text[obs.start : obs.end] == "上海港完成集装箱吞吐量4703.33万标准箱"


def test_metrics_rates_without_values_name_their_cue_once():
    # 000 l.1663, l.1797: the subject already holds the cue; list items share the subject
    text = (
        "排名2—5位的是德国、爱尔兰、法国、印度,出口增速分别为21.4%、21.1%、19.0%、18.5%。\n"
        "2016—2021年,上海电信、计算机和信息服务进出口快速增长,进出口总额年均增长率达到13.2%。"
    )
    found = _observe(text)
    assert [(o.indicator, o.value) for o in found] == [
        ("出口增速", 21.4),
        ("出口增速", 21.1),
        ("出口增速", 19.0),
        ("出口增速", 18.5),
        ("进出口总额年均增长率", 13.2),
    ]


def test_metrics_listed_subjects_split_at_yiji():
    # 000 l.1905: 以及 joins two subjects, its 及 is no separator of its own
    text = (
        "2021年,企业通过自由贸易账户在银行办理代客买卖人民币以及银行自营买卖人民币同"
        "比分别上升47%和66%。"
    )
    first, second = _observe(text)
    assert first.indicator == "企业通过自由贸易账户在银行办理代客买卖人民币"
    assert second.indicator.startswith("银行自营买卖人民币")
