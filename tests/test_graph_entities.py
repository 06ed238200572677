"""Issues #4 and #5 in the graph: policies, bases, enterprises, events, targets and observations,
one node per real entity across the bundled documents, with provenance on every relationship."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from policykg.cli import bundled_texts
from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.pipeline import extract_file
from policykg.graph.builder import GraphBuilder, build_graph, to_node_link
from policykg.graph.corpus import Corpus, reprints
from policykg.graph.indicator_gate import indicator_name
from policykg.graph.loader import clear_database, load_graph
from policykg.graph.validate import validate_graph
from policykg.ontology.schema import load_schema

DOC = {p.name[:3]: p.stem for p in bundled_texts().glob("*.txt")}
PLAN_002 = "Policy:沪府办发〔2024〕31号"  # 002 l.6
PLAN_004 = "Policy:沪府发〔2021〕2号"  # 004 l.5
REPORT_000 = f"Policy:doc:{DOC['000']}"  # a report: no document number, not a policy itself
LINGANG = "Base:base:自由贸易试验区临港新片区"
CAOHEJING = "Base:base:漕河泾新兴技术开发区"


@pytest.fixture(scope="module")
def extractions():
    return [extract_file(p) for p in sorted(bundled_texts().glob("*.txt"))]


@pytest.fixture(scope="module")
def graph(extractions):
    return build_graph(extractions)


def out_edges(graph: nx.MultiDiGraph, node: str, type_: str) -> list[tuple[str, dict]]:
    return [(v, d) for _, v, d in graph.out_edges(node, data=True) if d["type"] == type_]


def in_edges(graph: nx.MultiDiGraph, node: str, type_: str) -> list[tuple[str, dict]]:
    return [(u, d) for u, _, d in graph.in_edges(node, data=True) if d["type"] == type_]


def measure(graph: nx.MultiDiGraph, doc: str, number: str) -> str:
    return next(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Measure" and d["doc_id"] == DOC[doc] and d["number"] == number
    )


# ---------------------------------------------------------------------------------------------
# The schema and the shapes


def test_graph_entities_schema_has_one_domain_and_range_per_relationship():
    schema = load_schema()
    assert {n.label for n in schema.nodes} >= {
        "Base", "Enterprise", "Event", "Indicator", "Region", "Target", "Observation",
    }  # fmt: skip
    pairs = {r.type: (r.source, r.target) for r in schema.relationships}
    assert pairs["CITES"] == pairs["REPEALS"] == pairs["IMPLEMENTS"] == ("Policy", "Policy")
    assert pairs["MENTIONS_BASE"] == ("Measure", "Base")
    assert pairs["NAMES_BASE"] == ("Document", "Base")
    assert pairs["SETS_TARGET"] == ("Policy", "Target")
    assert pairs["INCLUDES_TARGET"] == ("Measure", "Target")
    assert pairs["FOR_INDICATOR"] == ("Target", "Indicator")
    assert pairs["OBSERVED_FOR"] == ("Observation", "Indicator")
    assert pairs["MEMBER_OF"] == ("Enterprise", "Base")


def test_graph_entities_bundled_graph_conforms_to_the_shapes(graph):
    report = validate_graph(graph)
    assert report.violations == ()


def test_graph_entities_every_node_has_a_fact_from_a_document(graph):
    # The loader writes a node with the facts of its documents: a node without any is lost.
    lonely = [n for n in graph.nodes if graph.degree(n) == 0]
    assert lonely == []


# ---------------------------------------------------------------------------------------------
# Resolution across documents


def test_graph_entities_base_named_three_ways_in_two_documents_is_one_node(graph):
    # 000 l.905 "漕河泾开发区知识产权服务出口基地" … and 001 l.1348 "漕河泾新兴技术开发区",
    # 001 l.1503 "上海漕河泾新兴技术开发区（以下简称园区）"
    node = graph.nodes[CAOHEJING]
    assert node["aliases"] == [
        "上海漕河泾新兴技术开发区",
        "漕河泾开发区",
        "漕河泾开发区知识产权服务出口基地",  # the zone named with the designation it holds
        "漕河泾新兴技术开发区",
    ]
    assert node["documents"] == [DOC["000"], DOC["001"]]
    assert node["type"] == "national_service_export_base/intellectual_property"
    names = {d["doc_id"] for _, d in in_edges(graph, CAOHEJING, "NAMES_BASE")}
    assert names == {DOC["000"], DOC["001"]}


def test_graph_entities_look_alike_bases_stay_apart(graph):
    # 002 l.256-258 "漕河泾综合保税区" is a bonded zone, not the development zone above.
    bonded = graph.nodes["Base:base:漕河泾综合保税区"]
    assert bonded["type"] == "comprehensive_bonded_zone"
    assert "漕河泾综合保税区" not in graph.nodes[CAOHEJING]["aliases"]


def test_graph_entities_companies_sharing_a_short_name_stay_two(graph):
    # 000 l.1040 "中远海运集团决定将中远海运发展所属的48艘…" and l.2661 "中远海运": the short
    # name fits both companies, so it becomes an alias of neither.
    group = graph.nodes["Enterprise:enterprise:中远海运集团"]
    company = graph.nodes["Enterprise:enterprise:中远海运发展有限公司"]
    assert company["aliases"] == ["中远海运发展", "中远海运发展有限公司"]
    assert group["aliases"] == ["中远海运集团"]


def test_graph_entities_policy_cited_in_one_document_and_issued_in_another_is_one_node(graph):
    # 004 l.5 "沪府发〔2021〕2号" is the plan itself; 000 l.759-761 cites it by title
    # "对标…《“十四五”时期提升上海国际贸易中心能级规划》要求" and l.10557 lists it by number.
    plan = graph.nodes[PLAN_004]
    assert plan["doc_id"] == DOC["004"]
    assert plan["title"] == "“十四五”时期提升上海国际贸易中心能级规划"
    assert [v for v, _ in out_edges(graph, PLAN_004, "HAS_SOURCE")] == [f"Document:{DOC['004']}"]
    citing = {(u, d["evidence"]) for u, d in in_edges(graph, PLAN_004, "CITES")}
    assert (REPORT_000, "对标") in citing
    assert plan["documents"] == [DOC["000"], DOC["001"], DOC["004"]]


def test_graph_entities_own_policy_key_comes_from_its_number(extractions):
    corpus = Corpus.of(extractions)
    assert corpus.own_keys[DOC["002"]] == "沪府办发〔2024〕31号"
    assert corpus.own_keys[DOC["001"]] == f"doc:{DOC['001']}"  # a report


def test_graph_entities_a_document_alone_gets_the_same_own_policy(extractions):
    builder = GraphBuilder()
    ex_002 = next(ex for ex in extractions if ex.doc_id == DOC["002"])
    builder.add_extraction(ex_002, AgencyGazetteer.default())  # resolved on its own
    assert PLAN_002 in builder.graph
    assert builder.graph.nodes[PLAN_002]["documents"] == [DOC["002"]]


def test_graph_entities_building_in_another_order_gives_the_same_graph(extractions, graph):
    again = build_graph(list(reversed(extractions)))
    assert to_node_link(again) == to_node_link(graph)


# ---------------------------------------------------------------------------------------------
# Relations between policies


def test_graph_entities_plan_implements_the_opinions_it_carries_out(graph):
    # 002 l.27-29 "为深入贯彻落实«中共中央办公厅　国务院办公厅关于数字贸易改革创新发展的意见»
    # «国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见»"
    targets = {
        graph.nodes[v]["name"]: d["evidence"] for v, d in out_edges(graph, PLAN_002, "IMPLEMENTS")
    }
    assert targets == {
        "中共中央办公厅国务院办公厅关于数字贸易改革创新发展的意见": "贯彻落实",
        "国务院办公厅关于以高水平开放推动服务贸易高质量发展的意见": "贯彻落实",
    }


def test_graph_entities_repealed_policy(graph):
    # 000 l.9175-9177 "《上海市外经贸发展专项资金使用和管理办法》（沪商规〔２０２１〕６号）同步废止":
    # article 15 of the 办法 the report reprints from l.9014 (a notice without a 文号), so the
    # reprinted 办法 repeals it, not the report.
    ((source, data),) = in_edges(graph, "Policy:沪商规〔2021〕6号", "REPEALS")
    assert (source, data["doc_id"], data["evidence"]) == (
        "Policy:t:上海商务高质量发展专项资金管理办法",
        DOC["000"],
        "同步废止",
    )


def test_graph_entities_issuer_of_a_reference_from_its_number_prefix(graph):
    # 000 l.10557-10558: "…的通知（沪府发\n〔２０２１〕２号）", a number wrapped across lines.
    issuers = {(v, d["doc_id"]) for v, d in out_edges(graph, PLAN_004, "ISSUED_BY")}
    assert ("Agency:上海市人民政府", DOC["000"]) in issuers
    assert ("Agency:上海市人民政府", DOC["004"]) in issuers  # its own header


def test_graph_entities_reprinted_policy_holds_its_measures(graph):
    # 000 l.6457-6461 reprints 商服贸发〔2022〕102号 whole (title, 文号), its measures from l.6518
    # "（四）积极探索高水平开放路径": they are that policy's, not the report's.
    first = measure(graph, "000", "(四)")
    assert [(u, d["ordinal"]) for u, d in in_edges(graph, first, "HAS_MEASURE")] == [
        ("Policy:商服贸发〔2022〕102号", 1)
    ]
    assert out_edges(graph, REPORT_000, "HAS_MEASURE") == []
    assert len(out_edges(graph, "Policy:商服贸发〔2022〕102号", "HAS_MEASURE")) == 28


def test_graph_entities_reprints_without_a_number(extractions):
    # 000 l.6139 (a catalogue after a colophon, title and issuer) and l.9016 (a notice with
    # addressees but no 文号) are reprints too: nine in all.
    corpus = Corpus.of(extractions)
    (report,) = [ex for ex in extractions if ex.doc_id == DOC["000"]]
    keys = [r.key for r in reprints(report, corpus)]
    assert len(keys) == 9
    assert {"t:中国禁止进口限制进口技术目录", "t:上海商务高质量发展专项资金管理办法"} <= set(keys)


def test_graph_entities_reprinted_plan_sets_its_targets(graph):
    # 000 l.6853 reprints 沪府办发〔2021〕10号; l.7063 "战略性新兴产业增加值占全市生产总值比重达到
    # ２０％以上" is a target of that plan.
    setters = {
        u
        for u, _, d in graph.edges(data=True)
        if d["type"] == "SETS_TARGET" and d["doc_id"] == DOC["000"] and d["start"] == 128222
    }
    assert setters == {"Policy:沪府办发〔2021〕10号"}


# ---------------------------------------------------------------------------------------------
# Bases, enterprises and events


def test_graph_entities_enterprises_in_a_base(graph):
    # 000 l.4452 "上海浦东软件园国家数字服务出口基地，聚集了ＳＡＰ、高通、塔塔信息、银联数据、
    # 荣湃半导体等"
    # names the park with its designation: the members are the park's, beside those that other
    # passages (l.4462) list for 上海浦东软件园.
    base = "Base:base:浦东软件园"
    members = {graph.nodes[u]["name"] for u, _ in in_edges(graph, base, "MEMBER_OF")}
    assert members >= {"SAP", "塔塔信息", "荣湃半导体", "银联数据", "高通"}
    assert "Base:base:浦东软件园国家数字服务出口基地" not in graph


def test_graph_entities_base_listed_among_members_is_not_an_enterprise(graph):
    # 002 l.256-258 "推动金桥、漕河泾综合保税区…" under (十九) 服务贸易集聚区: a base, not a member.
    assert "Enterprise:enterprise:漕河泾综合保税区" not in graph


def test_graph_entities_designation_with_its_year(graph):
    # 001 l.965 "2018年，徐汇区被商务部、中央宣传部等部门遴选为首批国家文化出口基地"
    base = "Base:base:徐汇区"
    designated = {(v, d["year"]) for v, d in out_edges(graph, base, "DESIGNATED_BY")}
    assert designated == {("Agency:中华人民共和国商务部", 2018), ("Agency:中共中央宣传部", 2018)}
    assert graph.nodes[base]["designated_year"] == 2018


def test_graph_entities_operator_of_a_base(graph):
    # 001 l.1436 "上海仓城影视文化产业园区的运营方上海仓城文化创意发展有限公司"
    base = "Base:base:仓城影视文化产业园"
    operators = [v for v, _ in out_edges(graph, base, "OPERATED_BY")]
    assert operators == ["Enterprise:enterprise:上海仓城文化创意发展有限公司"]


def test_graph_entities_event_organisers(graph):
    # 001 l.981 "由上海市人民政府主办，上海市商务委员会、上海市经济和信息化委员会承办的首届上海
    # 数字贸易论坛"
    event = "Event:event:上海数字贸易论坛"
    roles = {(v, d["evidence"]) for v, d in out_edges(graph, event, "ORGANISED_BY")}
    assert roles == {
        ("Agency:上海市人民政府", "主办"),
        ("Agency:上海市商务委员会", "承办"),
        ("Agency:上海市经济和信息化委员会", "承办"),
    }


def test_graph_entities_event_series_merges_editions_across_documents(graph):
    expo = graph.nodes["Event:event:中国国际进口博览会"]
    assert {"进博会", "第五届中国国际进口博览会"} <= set(expo["aliases"])
    assert len(expo["documents"]) > 1


def test_graph_entities_base_located_in_a_district(graph):
    # 001 l.1428 "上海仓城影视文化产业园位于上海松江区永丰街道境内"
    base = "Base:base:仓城影视文化产业园"
    assert "Region:松江区" in {v for v, _ in out_edges(graph, base, "LOCATED_IN")}


# ---------------------------------------------------------------------------------------------
# Which measure names what


def test_graph_entities_measure_mentions_a_base(graph):
    # 002 l.43-45 "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东…"
    first = measure(graph, "002", "(一)")
    mentioned = [(v, d["evidence"]) for v, d in out_edges(graph, first, "MENTIONS_BASE")]
    assert (LINGANG, "临港新片区") in mentioned


def test_graph_entities_measures_touching_a_base_are_one_hop(graph):
    touching = {
        graph.nodes[u]["number"]
        for u, d in in_edges(graph, LINGANG, "MENTIONS_BASE")
        if d["doc_id"] == DOC["002"]
    }
    assert {"(一)", "(十一)", "(十二)", "(十六)", "(十八)", "(二十)"} <= touching


def test_graph_entities_responsible_units_are_not_mentions(graph):
    # 002 l.68 "(责任单位:市商务委、市科委、市经济信息化委、浦东新区政府)" after measure (三):
    # those units LEAD or SUPPORT it; they are not also MENTIONS_AGENCY.
    third = measure(graph, "002", "(三)")
    assert out_edges(graph, third, "MENTIONS_AGENCY") == []
    assert [v for v, _ in in_edges(graph, third, "LEADS")] == ["Agency:上海市商务委员会"]


def test_graph_entities_measure_mentions_an_agency_in_its_text(graph):
    # 002 l.313 "由上海市推进上海国际贸易中心建设领导小组牵头数字贸易…" in measure (二十三)
    last = measure(graph, "002", "(二十三)")
    agencies = [v for v, _ in out_edges(graph, last, "MENTIONS_AGENCY")]
    assert agencies == ["Agency:上海市推进上海国际贸易中心建设领导小组"]


def test_graph_entities_document_names_each_entity_once(graph):
    names = Counter(
        (u, v)
        for u, v, d in graph.edges(data=True)
        if d["type"] in ("NAMES_POLICY", "NAMES_BASE", "NAMES_ENTERPRISE", "NAMES_EVENT")
    )
    assert max(names.values()) == 1
    for node in ("Base", "Enterprise", "Event"):
        for n, d in graph.nodes(data=True):
            if d["label"] == node and graph.in_degree(n):
                named_in = {e["doc_id"] for _, e in in_edges(graph, n, f"NAMES_{node.upper()}")}
                assert named_in <= set(d["documents"]), n


# ---------------------------------------------------------------------------------------------
# Targets and observations


def test_graph_entities_target_set_by_the_plan(graph):
    # 002 l.35-37 "力争到２０２９年,全市服务进出口规模达到２６００亿美元"
    targets = [graph.nodes[v] for v, _ in out_edges(graph, PLAN_002, "SETS_TARGET")]
    first = min(targets, key=lambda t: t["start"])
    assert (first["value"], first["unit"], first["year"], first["base_value"]) == (
        2600.0, "亿美元", 2029, 2.6e11,
    )  # fmt: skip
    key = f"Target:{first['key']}"
    assert [v for v, _ in out_edges(graph, key, "FOR_INDICATOR")] == [
        "Indicator:全市服务进出口规模"
    ]


def test_graph_entities_target_with_qualifier(graph):
    # 002 l.37-39 "…占服务贸易的比重达到５０％左右"
    targets = [graph.nodes[v] for v, _ in out_edges(graph, PLAN_002, "SETS_TARGET")]
    share = next(t for t in targets if t["unit"] == "%")
    assert (share["value"], share["qualifier"], share["year"]) == (50.0, "左右", 2029)


def test_graph_entities_target_inside_a_measure(graph):
    included = [(u, v) for u, v, d in graph.edges(data=True) if d["type"] == "INCLUDES_TARGET"]
    assert included
    for u, v in included:
        m, t = graph.nodes[u], graph.nodes[v]
        assert m["doc_id"] == t["doc_id"] and m["start"] <= t["start"] and t["end"] <= m["end"]


def test_graph_entities_observation_with_indicator_region_and_growth(graph):
    # 000 l.7 "２０２１年较快回暖，服务进出口总额为１１．７万亿美元，同比增长１５．９％"
    obs = next(
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Observation"
        and d["doc_id"] == DOC["000"]
        and d["name"] == "服务进出口总额 11.7万亿美元"
    )
    data = graph.nodes[obs]
    assert (data["year"], data["value"], data["unit"], data["growth"]) == (
        2021,
        11.7,
        "万亿美元",
        15.9,
    )
    assert [v for v, _ in out_edges(graph, obs, "OBSERVED_FOR")] == ["Indicator:服务进出口总额"]
    assert [v for v, _ in out_edges(graph, obs, "OBSERVED_IN")] == [REPORT_000]


def test_graph_entities_indicator_is_one_node_across_documents(graph):
    # 000 l.1979 "上海港完成集装箱吞吐量４７０３．３３万标准箱", 003 l.60 "上海港集装箱吞吐量…",
    # and 004's review of the same figure: one indicator.
    indicator = graph.nodes["Indicator:集装箱吞吐量"]
    assert indicator["documents"] == [DOC["000"], DOC["003"], DOC["004"]]
    observed = {
        graph.nodes[u]["doc_id"]
        for u, _ in in_edges(graph, "Indicator:集装箱吞吐量", "OBSERVED_FOR")
    }
    assert observed == {DOC["000"], DOC["003"], DOC["004"]}


def observations_at(graph: nx.MultiDiGraph, doc: str, line: int, indicator_text: str) -> list[str]:
    """The observations of `doc` on raw line `line` read with `indicator_text`."""
    raw = (bundled_texts() / f"{DOC[doc]}.txt").read_text()
    found = [
        n
        for n, d in graph.nodes(data=True)
        if d["label"] == "Observation"
        and d["doc_id"] == DOC[doc]
        and d.get("indicator_text") == indicator_text
        and raw.count("\n", 0, d["start"]) + 1 == line
    ]
    assert found
    return found


def test_graph_entities_clause_fragments_are_no_indicators(graph):
    # 000 l.5023 "陆家嘴集聚了各类银行机构２４２家", 001 l.644 "而爱尔兰和新加坡分别为 12.8 万美元",
    # 000 l.336 "同比下降３８．２％": the observation keeps what it was read with, no Indicator.
    for doc, line, text in (
        ("000", 5023, "陆家嘴集聚了各类银行机构"),
        ("001", 644, "而爱尔兰"),
        ("000", 336, "同比下降"),
    ):
        for obs in observations_at(graph, doc, line, text):
            assert out_edges(graph, obs, "OBSERVED_FOR") == []
    indicators = {d["name"] for _, d in graph.nodes(data=True) if d["label"] == "Indicator"}
    assert not indicators & {"同比下降", "而爱尔兰", "在", "上海", "徐汇区", "如图", "制定了"}


def test_graph_entities_indicator_names_that_pass_the_gate(graph):
    # 000 l.568 "其他商业服务进出口总额为５４４．２亿美元" (a head noun), l.5255 "跨国公司地区总部
    # ６５家" (what a count counts), l.536 "服务进口分别为２７６．５亿美元" (a flow of money),
    # l.163 "出口增速分别为２１．４％" (the cue is not appended to a subject naming it).
    for line, text, indicator in (
        (568, "其他商业服务进出口总额", "Indicator:其他商业服务进出口总额"),
        (5255, "跨国公司地区总部", "Indicator:跨国公司地区总部"),
        (536, "服务进口", "Indicator:服务进口"),
        (163, "出口增速", "Indicator:出口增速"),
    ):
        for obs in observations_at(graph, "000", line, text):
            assert [v for v, _ in out_edges(graph, obs, "OBSERVED_FOR")] == [indicator]


def test_graph_entities_indicator_gate_reads_the_words_before_a_value():
    # 000 l.7833 "“随申办”实名注册用户数" read without its opening quote; 004 l.99 "在沪外资研发
    # 中心数量" (在沪 opens a name); 000 l.3888 "从业人员达６．８３万人" (a count)
    assert indicator_name("随申办”实名注册用户数", "count") is None
    assert indicator_name("在沪外资研发中心数量", "count") == "在沪外资研发中心数量"
    assert indicator_name("从业人员", "count") == "从业人员"
    assert indicator_name("从业人员", "currency") is None
    assert indicator_name("增速分别为48.0%、28.0%增速", "percent") is None


# ---------------------------------------------------------------------------------------------
# Neo4j: the schema-driven loader writes the new classes as they are


@pytest.mark.neo4j
def test_graph_entities_loader_writes_every_new_node_and_relationship(neo4j_driver, graph):
    clear_database(neo4j_driver)
    load_graph(neo4j_driver, graph)
    labels = Counter(d["label"] for _, d in graph.nodes(data=True))
    types = Counter(d["type"] for *_, d in graph.edges(data=True))
    records = neo4j_driver.execute_query(
        "MATCH (n) WHERE NOT n:PolicykgLoadLock RETURN labels(n)[0] AS l, count(*) AS c"
    ).records
    assert {r["l"]: r["c"] for r in records} == dict(labels)
    records = neo4j_driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c"
    ).records
    assert {r["t"]: r["c"] for r in records} == dict(types)
    # Lists survive as arrays, and a base's aliases as written.
    record = neo4j_driver.execute_query(
        "MATCH (b:Base {key: $key}) RETURN b.aliases AS a, b.documents AS d",
        key=CAOHEJING.split(":", 1)[1],
    ).records[0]
    assert record["a"] == graph.nodes[CAOHEJING]["aliases"]
    assert record["d"] == graph.nodes[CAOHEJING]["documents"]
