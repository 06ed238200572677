"""Tests of the scorer (policykg.evaluation) on small hand-made gold and prediction dicts.

Strings come from the seed texts in data/texts/ (file and line in a comment); gold dicts are
built here by hand, never read from the shared gold folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykg.evaluation import (
    KINDS,
    Counts,
    format_report,
    load_gold,
    pair_by_doc,
    report_to_dict,
    score,
    score_text,
)
from policykg.evaluation import norm as eval_norm

DOC = "002_a47502b2fdd9fb63"

# 002 l.43: "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东"
TEXT_1 = "(一)先行先试增值电信扩大开放.发挥临港新片区以及浦东"
# 002 l.53: "(二)以文化贸易为重点扩大数字产品贸易.推进文化贸易"
TEXT_2 = "(二)以文化贸易为重点扩大数字产品贸易.推进文化贸易"
# 002 l.62: " (三)发展高端服务外包拓展数字服务贸易.在生物医药研发"
TEXT_3 = "(三)发展高端服务外包拓展数字服务贸易.在生物医药研发"
ANCHOR_1 = "先行先试增值电信扩大开放"
ANCHOR_2 = "以文化贸易为重点扩大数字产品"
ANCHOR_3 = "发展高端服务外包拓展数字服务"

ECONOMY = "上海市经济和信息化委员会"


def gold_doc(complete: dict | None = None, **lists: list) -> dict:
    return {"doc": DOC, "text": f"{DOC}.txt", "complete": complete or {}, **lists}


def pred_doc(**lists: list) -> dict:
    return {"doc": DOC, **lists}


def gold_measure(anchor: str, lead=(), support=(), canonical=None) -> dict:
    return {
        "id": "",
        "anchor": anchor,
        "lead": list(lead),
        "support": list(support),
        "canonical": canonical or {},
    }


def pred_measure(text: str, start: int = 0, lead=(), support=()) -> dict:
    return {
        "id": "",
        "text": text,
        "start": start,
        "end": start + len(text),
        "lead": list(lead),
        "support": list(support),
    }


def unit(surface: str, canonical: str = "") -> dict:
    return {"surface": surface, "canonical": canonical}


# --- norm --------------------------------------------------------------------------------------


def test_evaluation_norm_keeps_letters_and_digits_after_nfkc():
    # 002 l.6: "沪府办发 〔２０２４〕３１号" (full-width digits, ideographic brackets)
    assert eval_norm("沪府办发 〔２０２４〕３１号") == "沪府办发202431号"


def test_evaluation_norm_drops_line_breaks():
    # 002 l.49-51: the unit is broken over two lines: "市经济信息" / "化委"
    assert eval_norm("市经济信息\n\n化委、") == "市经济信息化委"


# --- measures ----------------------------------------------------------------------------------


def test_evaluation_measure_anchor_at_position_8_matches():
    # 8 leading digits (room for a number) before the 002 l.43 lead sentence.
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure("１２３４５６７８" + ANCHOR_1)])
    assert score_text(gold, pred).kinds["measures"].tp == 1


def test_evaluation_measure_anchor_at_position_9_does_not_match():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure("１２３４５６７８９" + ANCHOR_1)])
    assert score_text(gold, pred).kinds["measures"] == Counts(0, 1, 1, True, 0.0, 0.0, 0.0)


def test_evaluation_measure_anchor_ignores_leading_number_punctuation():
    # "(一)" normalises to "一", so the anchor starts at position 1.
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure(TEXT_1)])
    assert score_text(gold, pred).kinds["measures"] == Counts(1, 0, 0, True, 1.0, 1.0, 1.0)


def test_evaluation_measures_match_one_to_one():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure(TEXT_1, 0), pred_measure(TEXT_1, 100)])
    assert score_text(gold, pred).kinds["measures"] == Counts(
        1, 1, 0, True, 0.5, 1.0, pytest.approx(2 / 3)
    )


def test_evaluation_measures_ordered_by_start_offset():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1), gold_measure(ANCHOR_2)])
    pred = pred_doc(measures=[pred_measure(TEXT_2, 500), pred_measure(TEXT_1, 100)])
    assert score_text(gold, pred).kinds["measures"].tp == 2


def test_evaluation_measures_matches_never_cross():
    # The prediction for the second gold measure comes before the one matched by the first.
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1), gold_measure(ANCHOR_2)])
    pred = pred_doc(measures=[pred_measure(TEXT_2, 100), pred_measure(TEXT_1, 500)])
    assert score_text(gold, pred).kinds["measures"] == Counts(1, 1, 1, True, 0.5, 0.5, 0.5)


def test_evaluation_measures_missed_gold_keeps_cursor():
    # Gold (二) has no prediction; (三) still matches the prediction after (一).
    gold = gold_doc(
        {"measures": True},
        measures=[gold_measure(ANCHOR_1), gold_measure(ANCHOR_2), gold_measure(ANCHOR_3)],
    )
    pred = pred_doc(measures=[pred_measure(TEXT_1, 0), pred_measure(TEXT_3, 200)])
    assert score_text(gold, pred).kinds["measures"] == Counts(2, 0, 1, True, 1.0, 2 / 3, 0.8)


def test_evaluation_measures_incomplete_has_no_precision():
    gold = gold_doc({}, measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure(TEXT_1), pred_measure(TEXT_2, 50)])
    assert score_text(gold, pred).kinds["measures"] == Counts(1, 0, 0, False, None, 1.0, None)


# --- lead and support --------------------------------------------------------------------------


def test_evaluation_lead_surface_equal_after_norm():
    # 002 l.49-51: "(责任单位:市经济信息" / "化委、市通信管理局、…"
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1, lead=["市经济信息化委"])])
    pred = pred_doc(measures=[pred_measure(TEXT_1, lead=[unit("市经济信息\n化委")])])
    assert score_text(gold, pred).kinds["lead"] == Counts(1, 0, 0, True, 1.0, 1.0, 1.0)


def test_evaluation_lead_canonical_equal_matches():
    gold = gold_doc(
        {"measures": True},
        measures=[
            gold_measure(ANCHOR_1, lead=["市经济信息化委"], canonical={"市经济信息化委": ECONOMY})
        ],
    )
    pred = pred_doc(measures=[pred_measure(TEXT_1, lead=[unit("市经信委", ECONOMY)])])
    assert score_text(gold, pred).kinds["lead"].tp == 1


def test_evaluation_lead_canonical_ignored_without_gold_canonical():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1, lead=["市经济信息化委"])])
    pred = pred_doc(measures=[pred_measure(TEXT_1, lead=[unit("市经信委", ECONOMY)])])
    assert score_text(gold, pred).kinds["lead"] == Counts(0, 1, 1, True, 0.0, 0.0, 0.0)


def test_evaluation_lead_one_to_one_within_measure():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1, lead=["市经济信息化委"])])
    pred = pred_doc(
        measures=[pred_measure(TEXT_1, lead=[unit("市经济信息化委"), unit("市经济信息化委")])]
    )
    assert score_text(gold, pred).kinds["lead"] == Counts(
        1, 1, 0, True, 0.5, 1.0, pytest.approx(2 / 3)
    )


def test_evaluation_lead_on_empty_lead_gold_measure_is_false_positive():
    # 003 l.244: "１．服务业结构更加优化.到２０２５年,服务业增加值占全市生" has no responsible unit.
    gold = gold_doc({"measures": True}, measures=[gold_measure("服务业结构更加优化")])
    pred = pred_doc(
        measures=[pred_measure("１．服务业结构更加优化.到２０２５年", lead=[unit("市发展改革委")])]
    )
    assert score_text(gold, pred).kinds["lead"] == Counts(0, 1, 0, True, 0.0, None, 0.0)


def test_evaluation_support_matched_by_surface_in_any_order():
    # 002 l.59-61: "(责任单位:市委" / "宣传部、市商务委、市文化旅游局、市体育局)"
    gold = gold_doc(
        {"measures": True},
        measures=[gold_measure(ANCHOR_2, lead=["市委宣传部"], support=["市商务委", "市体育局"])],
    )
    pred = pred_doc(
        measures=[
            pred_measure(
                TEXT_2,
                lead=[unit("市委\n宣传部")],
                support=[unit("市体育局"), unit("市文化旅游局"), unit("市商务委")],
            )
        ]
    )
    assert score_text(gold, pred).kinds["support"] == Counts(2, 1, 0, True, 2 / 3, 1.0, 0.8)


def test_evaluation_units_on_unmatched_measure_are_false_positives_when_complete():
    gold = gold_doc({"measures": True}, measures=[gold_measure(ANCHOR_1, lead=["市经济信息化委"])])
    pred = pred_doc(measures=[pred_measure(TEXT_2, lead=[unit("市委宣传部")])])
    assert score_text(gold, pred).kinds["lead"] == Counts(0, 1, 1, True, 0.0, 0.0, 0.0)


def test_evaluation_units_on_unmatched_measure_not_counted_when_incomplete():
    gold = gold_doc({}, measures=[gold_measure(ANCHOR_1, lead=["市经济信息化委"])])
    pred = pred_doc(
        measures=[
            pred_measure(TEXT_1, 0, lead=[unit("市经济信息化委")]),
            pred_measure(TEXT_2, 90, lead=[unit("市委宣传部")]),
        ]
    )
    assert score_text(gold, pred).kinds["lead"] == Counts(1, 0, 0, False, None, 1.0, None)


# --- agencies, enterprises, bases --------------------------------------------------------------


def test_evaluation_agency_found_by_predicted_canonical():
    # 002 l.68: "(责任单位:市商务委、市科委、市经济信息化委、浦东新区政府)"
    gold = gold_doc(agencies=[{"surface": "市商务委", "canonical": "上海市商务委员会"}])
    pred = pred_doc(agencies=[{"surface": "市商委", "canonical": "上海市商务委员会"}])
    assert score_text(gold, pred).kinds["agencies"].tp == 1


def test_evaluation_agency_precision_counts_distinct_surfaces():
    gold = gold_doc(
        {"agencies": True}, agencies=[{"surface": "市商务委", "canonical": "上海市商务委员会"}]
    )
    pred = pred_doc(
        agencies=[
            {"surface": "市商务委", "canonical": "上海市商务委员会"},
            {"surface": "市科委", "canonical": "上海市科学技术委员会"},
            {"surface": "市科委", "canonical": "上海市科学技术委员会"},
        ]
    )
    assert score_text(gold, pred).kinds["agencies"] == Counts(
        1, 1, 0, True, 0.5, 1.0, pytest.approx(2 / 3)
    )


def test_evaluation_agencies_incomplete_have_no_precision():
    gold = gold_doc(agencies=[{"surface": "市商务委", "canonical": "上海市商务委员会"}])
    pred = pred_doc(agencies=[{"surface": "市科委", "canonical": "上海市科学技术委员会"}])
    assert score_text(gold, pred).kinds["agencies"] == Counts(0, 0, 1, False, None, 0.0, None)


def test_evaluation_enterprise_found_by_any_gold_surface():
    # 001 l.587: "…哔哩哔哩、沐瞳科技、游族网络等一批企业…"
    gold = gold_doc(
        enterprises=[
            {"name": "上海沐瞳科技有限公司", "surfaces": ["上海沐瞳科技有限公司", "沐瞳科技"]}
        ]
    )
    pred = pred_doc(enterprises=[{"surface": "沐瞳科技", "canonical": ""}])
    assert score_text(gold, pred).kinds["enterprises"].tp == 1


def test_evaluation_base_found_by_gold_name():
    # 001 l.965: "2020年，浦东软件园被授予首批国家数字服务出口基地。"
    gold = gold_doc(bases=[{"name": "上海浦东软件园", "surfaces": ["浦东软件园"], "type": ""}])
    pred = pred_doc(bases=[{"surface": "浦东软件园", "canonical": "上海浦东软件园"}])
    assert score_text(gold, pred).kinds["bases"] == Counts(1, 0, 0, False, None, 1.0, None)


# --- policies ----------------------------------------------------------------------------------


def test_evaluation_policy_found_by_doc_number():
    # 000 l.5909: "商合函〔２０２１〕３５５号"
    gold = gold_doc(
        {"policies": True},
        policies=[{"doc_number": "商合函〔2021〕355号", "title": "数字经济对外投资合作工作指引"}],
    )
    pred = pred_doc(policies=[{"doc_number": "商合函〔２０２１〕３５５号", "title": ""}])
    assert score_text(gold, pred).kinds["policies"] == Counts(1, 0, 0, True, 1.0, 1.0, 1.0)


def test_evaluation_policy_without_number_found_by_title():
    # 002 l.27-29: "«中共中央办公厅　国务院办公厅关于数字" / "贸易改革创新发展的意见»"
    title = "中共中央办公厅　国务院办公厅关于数字贸易改革创新发展的意见"
    gold = gold_doc(policies=[{"doc_number": "", "title": title}])
    pred = pred_doc(
        policies=[
            {
                "doc_number": "",
                "title": "中共中央办公厅 国务院办公厅关于数字\n贸易改革创新发展的意见",
            }
        ]
    )
    assert score_text(gold, pred).kinds["policies"].tp == 1


def test_evaluation_policy_with_number_not_found_by_title():
    gold = gold_doc(
        {"policies": True},
        policies=[{"doc_number": "商合函〔2021〕355号", "title": "数字经济对外投资合作工作指引"}],
    )
    pred = pred_doc(policies=[{"doc_number": "", "title": "数字经济对外投资合作工作指引"}])
    assert score_text(gold, pred).kinds["policies"] == Counts(0, 1, 1, True, 0.0, 0.0, 0.0)


# --- targets and metrics -----------------------------------------------------------------------


def test_evaluation_target_value_equal_numerically():
    # 002 l.35-37: "力争到２０２９年,全市服务进出口规模达到" / "２６００亿美元"
    gold = gold_doc(
        {"targets": True},
        targets=[
            {"indicator": "全市服务进出口规模", "value": 2600, "unit": "亿美元", "year": 2029}
        ],
    )
    pred = pred_doc(targets=[{"indicator": "", "value": 2600.0, "unit": "亿美元", "year": 2029}])
    assert score_text(gold, pred).kinds["targets"] == Counts(1, 0, 0, True, 1.0, 1.0, 1.0)


def test_evaluation_target_year_must_match():
    gold = gold_doc(
        {"targets": True},
        targets=[
            {"indicator": "全市服务进出口规模", "value": 2600, "unit": "亿美元", "year": 2029}
        ],
    )
    pred = pred_doc(targets=[{"indicator": "", "value": 2600, "unit": "亿美元", "year": 2024}])
    assert score_text(gold, pred).kinds["targets"] == Counts(0, 1, 1, True, 0.0, 0.0, 0.0)


def test_evaluation_target_duplicate_predictions_count_once():
    gold = gold_doc(
        {"targets": True},
        targets=[
            {"indicator": "全市服务进出口规模", "value": 2600, "unit": "亿美元", "year": 2029}
        ],
    )
    wrong = {"indicator": "", "value": 1300, "unit": "美元", "year": 2029}
    pred = pred_doc(targets=[wrong, dict(wrong)])
    assert score_text(gold, pred).kinds["targets"].fp == 1


def test_evaluation_metric_unit_compared_after_norm():
    # 000 l.31: "２０２１年，全球服务贸易规模恢复到疫情前水平，进出口总额为１１．７万亿美元，"
    gold = gold_doc(
        metrics=[
            {
                "indicator": "全球服务进出口总额",
                "region": "全球",
                "year": 2021,
                "value": 11.7,
                "unit": "万亿美元",
            }
        ]
    )
    pred = pred_doc(metrics=[{"value": 11.7, "unit": "万亿 美元", "year": 2021}])
    assert score_text(gold, pred).kinds["metrics"] == Counts(1, 0, 0, False, None, 1.0, None)


# --- texts, micro average, reports -------------------------------------------------------------


def test_evaluation_kind_without_gold_or_precision_is_left_out():
    gold = gold_doc({"targets": True}, agencies=[{"surface": "市商务委", "canonical": ""}])
    pred = pred_doc(metrics=[{"value": 11.7, "unit": "万亿美元", "year": 2021}])
    assert list(score_text(gold, pred).kinds) == ["agencies", "targets"]


def test_evaluation_prediction_for_other_doc_raises():
    with pytest.raises(ValueError, match="001_934cf101f44dbd95"):
        score_text(gold_doc(), {"doc": "001_934cf101f44dbd95"})


def test_evaluation_micro_sums_counts_over_texts():
    agency = {"surface": "市商务委", "canonical": "上海市商务委员会"}
    other = {"surface": "市科委", "canonical": "上海市科学技术委员会"}
    scored = (gold_doc({"agencies": True}, agencies=[agency]), pred_doc(agencies=[agency, other]))
    unscored = (gold_doc({}, agencies=[agency, other]), pred_doc(agencies=[other]))
    micro = score([scored, unscored]).micro["agencies"]
    # Recall over both texts (2 of 3); precision from the complete text only (1 of 2).
    assert micro == Counts(2, 1, 1, True, 0.5, pytest.approx(2 / 3), pytest.approx(4 / 7))


def test_evaluation_self_consistency_scores_one():
    canonical = {"市经济信息化委": ECONOMY, "市通信管理局": "上海市通信管理局"}
    gold = gold_doc(
        {"measures": True, "agencies": True, "targets": True, "policies": True},
        measures=[
            gold_measure(ANCHOR_1, ["市经济信息化委"], ["市通信管理局"], canonical),
            gold_measure(ANCHOR_2, ["市委宣传部"], ["市商务委", "市体育局"]),
            gold_measure(ANCHOR_3),
        ],
        agencies=[{"surface": "市商务委", "canonical": "上海市商务委员会"}],
        policies=[{"doc_number": "", "title": "上海市服务贸易促进指导目录"}],
        targets=[
            {"indicator": "全市服务进出口规模", "value": 2600, "unit": "亿美元", "year": 2029}
        ],
    )
    pred = pred_doc(
        measures=[
            {
                "id": m["id"],
                "text": f"({i}){m['anchor']}.",
                "start": 100 * i,
                "end": 100 * i + 50,
                "lead": [unit(u, m["canonical"].get(u, "")) for u in m["lead"]],
                "support": [unit(u, m["canonical"].get(u, "")) for u in m["support"]],
            }
            for i, m in enumerate(gold["measures"])
        ],
        agencies=gold["agencies"],
        policies=gold["policies"],
        targets=gold["targets"],
    )
    kinds = score([(gold, pred)]).micro
    assert {k: c.f1 for k, c in kinds.items()} == {
        "measures": 1.0,
        "lead": 1.0,
        "support": 1.0,
        "agencies": 1.0,
        "policies": 1.0,
        "targets": 1.0,
    }


def test_evaluation_pair_by_doc_scores_missing_prediction_as_empty():
    pairs = pair_by_doc([gold_doc()], [{"doc": "001_934cf101f44dbd95"}])
    assert pairs == [(gold_doc(), {"doc": DOC})]


def test_evaluation_load_gold_reads_top_level_json_sorted(tmp_path: Path):
    (tmp_path / "detail").mkdir()
    (tmp_path / "detail" / "002_measures.json").write_text("[]", encoding="utf-8")
    (tmp_path / "FORMAT.md").write_text("# format", encoding="utf-8")
    for doc in ("003_b", "001_a"):
        (tmp_path / f"{doc}.json").write_text(json.dumps({"doc": doc}), encoding="utf-8")
    assert [g["doc"] for g in load_gold(tmp_path)] == ["001_a", "003_b"]


def test_evaluation_load_gold_bad_json_names_file(tmp_path: Path):
    (tmp_path / "004_c.json").write_text('{"doc": "004_c",}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"004_c\.json: invalid JSON at line 1"):
        load_gold(tmp_path)


def test_evaluation_report_to_dict_is_json_in_kind_order():
    agency = {"surface": "市商务委", "canonical": "上海市商务委员会"}
    gold = gold_doc({"measures": True}, agencies=[agency], measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(agencies=[agency], measures=[pred_measure(TEXT_1)])
    data = json.loads(json.dumps(report_to_dict(score([(gold, pred)]))))
    assert list(data) == ["micro", "texts"]
    assert list(data["micro"]) == [k for k in KINDS if k in data["micro"]]
    assert data["texts"][0]["kinds"]["agencies"] == {
        "tp": 1,
        "fp": 0,
        "fn": 0,
        "precision_scored": False,
        "precision": None,
        "recall": 1.0,
        "f1": None,
    }


def test_evaluation_format_report_rows_per_kind():
    agency = {"surface": "市商务委", "canonical": "上海市商务委员会"}
    gold = gold_doc({"measures": True}, agencies=[agency], measures=[gold_measure(ANCHOR_1)])
    pred = pred_doc(measures=[pred_measure(TEXT_1)])
    lines = format_report(score([(gold, pred)])).splitlines()
    assert "measures         1     0     0   1.000   1.000   1.000" in lines
    assert "agencies         0     –     1       –   0.000       –" in lines
    assert f"{DOC} ({DOC}.txt)" in lines
