"""Targets from goal sentences and indicator tables (issue #5).

Inputs are seed lines as cleaning leaves them (NFKC, lines joined into paragraphs), except where
a test is about the raw layout: those run `clean_text` on the raw lines.
"""

from __future__ import annotations

from policykg.extract.clean import clean_text
from policykg.extract.structure import find_headings
from policykg.extract.targets import find_targets

# 004 l.3-13: the notice header; its title names the plan period (“十四五” -> 2025).
PLAN_HEADER = (
    "上海市人民政府文件\n沪府发〔2021〕2号\n"
    "上海市人民政府关于印发 《“十四五”时期提升上海国际贸易中心 能级规划》的通知\n"
    "各区人民政府,市政府各委、办、局:\n2021年4月17日\n"
)


def _targets(text: str) -> list[tuple[float | str, str, int | None, str]]:
    found = find_targets(text, find_headings(text))
    return [(t.to_json()["value"], t.unit, t.year, t.qualifier) for t in found]


def test_targets_goal_sentence_with_target_year():
    # 002 l.33-39
    text = (
        "力争到2029年,全市服务进出口规模达到2600亿美元,数字交付服务贸易规模达到1300亿美元,"
        "占服务贸易的比重达到50%左右,制定本实施方案."
    )
    found = find_targets(text, [])
    assert [(t.indicator, t.value, t.unit, t.year) for t in found] == [
        ("全市服务进出口规模", 2600.0, "亿美元", 2029),
        ("数字交付服务贸易规模", 1300.0, "亿美元", 2029),
        ("数字交付服务贸易规模占服务贸易的比重", 50.0, "%", 2029),
    ]
    assert found[2].qualifier == "左右"
    assert text[found[0].start : found[0].end] == "全市服务进出口规模达到2600亿美元"


def test_targets_decimal_wrapped_to_line_start():
    # 003 l.256-266: ３．２％ starts a line, and 003 prints 。 as "." and ． as the decimal point
    raw = (
        "２．服务业辐射能级更加突出.到２０２５年,服务业对外开放进\n\n"
        "一步扩大,与国际投资贸易规则相衔接的制度规范更加健全,城市\n\n"
        "服务功能进一步增强,口岸货物进出口总额占全球比重稳定在\n\n"
        "３．２％左右,金融市场直接融资额占国内直接融资额比重保持８５％\n\n"
        "左右,集装箱水水中转比例不低于５２％,不断提升服务能级,扩大\n\n辐射半径.\n"
    )
    assert _targets(clean_text(raw).text) == [
        (3.2, "%", 2025, "稳定在…左右"),
        (85, "%", 2025, "左右"),
        (52, "%", 2025, "不低于"),
    ]


def test_targets_space_separated_table_with_attribute_column():
    # 003 l.299-305: the table lost its TABs; the unit is a column of its own
    raw = (
        "上海“十四五”服务业发展主要指标\n\n序号 指标名称 单位 指标属性 ２０２５年\n\n"
        "１ 服务业增加值占全市生产总值比重 ％ 预期性 ７５左右\n\n"
        "２ 生产性服务业增加值占全市服务业增加值比重 ％ 预期性 ６６．７左右\n\n"
        "７ 跨国公司地区总部数量 家 预期性 累计１０００左右\n\n三、主要任务\n"
    )
    found = find_targets(clean_text(raw).text, [])
    assert [(t.indicator, t.value, t.unit, t.year, t.qualifier, t.attribute) for t in found] == [
        ("服务业增加值占全市生产总值比重", 75.0, "%", 2025, "左右", "预期性"),
        ("生产性服务业增加值占全市服务业增加值比重", 66.7, "%", 2025, "左右", "预期性"),
        ("跨国公司地区总部数量", 1000.0, "家", 2025, "累计…左右", "预期性"),
    ]
    assert {t.source for t in found} == {"table"}


def test_targets_tab_table_baseline_and_repeated_header():
    # 004 l.85-97: baseline column 2020 年, target column 2025 年目标值, header repeated
    text = (
        "专栏 1:“十四五”时期上海国际贸易中心建设主要预期指标\n"
        "序号\t指标类别\t指标名称\t2020 年\t2025 年目标值\t备注\n"
        "1\t规模集聚度\t社会消费品零售总额\t1.59 万亿元\t超过 2 万亿元\t年均增长 5% 左右\n"
        "序号\t指标类别\t指标名称\t2020年\t2025年目标值\t备注\n"
        "10\t资源配置度\t贸易型总部数量\t累计210家\t累计300家左右\t—\n"
    )
    first, second = find_targets(text, [])
    assert (first.indicator, first.value, first.unit, first.year, first.qualifier) == (
        "社会消费品零售总额",
        2.0,
        "万亿元",
        2025,
        "超过",
    )
    assert (first.baseline.value, first.baseline_year, first.category) == (1.59, 2020, "规模集聚度")
    assert first.remark == "年均增长 5% 左右"
    assert (second.indicator, second.value, second.baseline.value) == (
        "贸易型总部数量",
        300.0,
        210.0,
    )
    assert text[first.quantity.start : first.quantity.end] == "2 万亿元"


def test_targets_table_cell_years_and_periods():
    # 004 l.88 and l.91: a cumulative plan-period target, and a baseline cell with its own year
    text = (
        "序号\t指标类别\t指标名称\t2020 年\t2025 年目标值\t备注\n"
        "3\t\t货物贸易进出口总额\t“十三五”期间累计 2.42 万亿美元\t“十四五”期间累计 2.5 万亿美元左右\t年均 5000 亿美元左右\n"
        "6\t\t展览面积\t1942 万平方米 (2019 年)\t2200 万平方米左右\t—\n"
    )
    trade, area = find_targets(text, [])
    assert (trade.value, trade.unit, trade.period, trade.qualifier) == (
        2.5,
        "万亿美元",
        "2021-2025 cumulative",
        "“十四五”期间累计…左右",
    )
    assert (trade.baseline.value, trade.baseline_year, trade.baseline_period) == (
        2.42,
        2020,
        "2016-2020",
    )
    assert (area.value, area.unit, area.baseline.value, area.baseline_year) == (
        2200.0,
        "万平方米",
        1942.0,
        2019,
    )


def test_targets_table_annual_target_unit():
    # 004 l.103: 年均引进800家左右 is 800 家 a year
    text = (
        "序号\t指标类别\t指标名称\t2020年\t2025年目标值\t备注\n"
        "16\t\t新增首店数量\t909家\t年均引进800家左右\t—\n"
    )
    (target,) = find_targets(text, [])
    assert (target.value, target.unit, target.year, target.period) == (
        800.0,
        "家/年",
        2025,
        "annual average",
    )


def test_targets_table_row_split_across_lines():
    # 004 l.96 and l.101, with the row wrapped at a cell boundary as flattened PDF tables do
    text = (
        "序号\t指标类别\t指标名称\t2020年\t2025年目标值\t备注\n"
        "14\t\t数字贸易额\t433.5亿美元\n525亿美元左右\t年均增长4%左右\n"
    )
    (target,) = find_targets(text, [])
    assert (target.indicator, target.value, target.unit, target.baseline.value) == (
        "数字贸易额",
        525.0,
        "亿美元",
        433.5,
    )
    assert target.remark == "年均增长4%左右"


def test_targets_statistics_table_is_not_a_target_table():
    # 001 l.760-763: an index table with year columns and no target or attribute column
    text = "一级指标\t二级指标\t三级指标\t2016\t2017\t2021\n\t\t二级指标合计\t49.00\t50.29\t75.08\n"
    assert find_targets(text, []) == []


def test_targets_box_task_takes_the_plan_year():
    # 003 l.482-484 in a 十四五 plan: no year in the sentence
    text = PLAN_HEADER + (
        "建设国际消费中心城市.推动品牌集聚地建设,打造25条特色商业街区,"
        "新引进品牌首家首店2400家以上,打响160个引领型本土品牌."
    )
    found = find_targets(text, find_headings(text))
    assert [(t.indicator, t.value, t.unit, t.year, t.qualifier) for t in found] == [
        ("特色商业街区", 25.0, "条", 2025, ""),
        ("品牌首家首店", 2400.0, "家", 2025, "以上"),
        ("引领型本土品牌", 160.0, "个", 2025, ""),
    ]


def test_targets_threshold_in_indicator_is_not_a_target():
    # 004 l.190: the amounts bound the projects; the targets are the project counts
    text = PLAN_HEADER + (
        "(一) 促进合作项目升级。到“十四五”末,力争新增境外非金融直接投资1亿美元以上项目100个左右,"
        "新签对外承包工程合同额5000万美元以上项目100个左右。"
    )
    found = find_targets(text, find_headings(text))
    assert [(t.indicator, t.value, t.unit, t.year) for t in found] == [
        ("境外非金融直接投资1亿美元以上项目", 100.0, "个", 2025),
        ("新签对外承包工程合同额5000万美元以上项目", 100.0, "个", 2025),
    ]


def test_targets_review_section_values_are_not_targets():
    # 004 l.21-31: past values under 主要进展, stated without a year
    text = PLAN_HEADER + (
        "一、“十四五”时期提升上海国际贸易中心能级的基础和环境\n(一)“十三五”时期主要进展\n"
        "2. 消费基础性作用更加凸显,国际消费城市建设取得显著成效。流通和消费规模居全国城市首位。"
        "商品销售总额、社会消费品零售总额分别达到13.98万亿元和1.59万亿元。"
    )
    assert _targets(text) == []


def test_targets_past_year_makes_a_past_value():
    # 003 l.54-66 (abridged): 达60件左右 looks like a target, but the paragraph reports 2020
    text = PLAN_HEADER + (
        "2.服务业成为上海城市功能的重要载体.2020年,上海金融市场成交总额超过2200万亿元."
        "每万人口发明专利拥有量达60件左右."
    )
    assert _targets(text) == []


def test_targets_every_year_has_no_target_year():
    # 003 l.1137-1139: 每年…不少于300名 recurs every year
    text = PLAN_HEADER + (
        "实施高等教育人才揽蓄行动,依托高校每年全职引进不少于300名学科领军人才和700名青年骨干人才."
    )
    assert _targets(text) == [(300, "名/年", None, "不少于"), (700, "名/年", None, "")]


def test_targets_bare_scale_takes_the_counted_noun():
    # 003 l.1063-1065: 老年人数达６０万以上 -> 60 万人
    text = PLAN_HEADER + "全市参与健康自我管理小组的老年人数达60万以上."
    assert _targets(text) == [(60, "万人", 2025, "以上")]


def test_targets_value_word_in_future_frame():
    # 004 l.226: 到“十四五”末基本实现智能快件箱社区全覆盖 -> 100%
    text = PLAN_HEADER + (
        "(三)实施智慧即时配送示范项目。加强智能配送设施网络布局,到“十四五”末基本实现智能快件箱社区全覆盖,"
        "在商务楼宇、医院和学校覆盖率显著提升。"
    )
    assert _targets(text) == [(100, "%", 2025, "")]


def test_targets_chinese_numeral_idiom_is_not_a_target():
    # 004 l.114-116: 链接国内国际两个市场的全球贸易枢纽
    text = PLAN_HEADER + "加快形成贸易规模稳定、集散功能强劲、链接国内国际两个市场的全球贸易枢纽。"
    assert _targets(text) == []


def test_targets_range_keeps_both_bounds():
    # 004 l.296: 培育 2—3 家以“云会展”为主要业务的新型展会主办企业
    text = (
        PLAN_HEADER
        + "鼓励本土展览企业与知名互联网企业加强合作,培育2—3家以“云会展”为主要业务的新型展会主办企业。"
    )
    (target,) = find_targets(text, find_headings(text))
    assert (target.value, target.quantity.upper, target.unit) == (2.0, 3.0, "家")
    assert target.to_json()["value"] == "2-3"
