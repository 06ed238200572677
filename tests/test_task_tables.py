"""Task-division tables (任务分工表): one measure per row, roles from the column headers."""

from __future__ import annotations

from policykg.extract.agencies import AgencyGazetteer
from policykg.extract.task_tables import find_table_measures

TABLE = (
    "重点任务分工表\n"
    "序号\t重点任务\t牵头单位\t配合单位\n"
    "1\t深化服务贸易创新发展试点\t市商务委\t市发展改革委、市财政局\n"
    "2\t建设国际数据经济产业园\t临港新片区管委会\t市数据局、市委网信办\n"
)


def test_task_table_rows_become_measures_with_roles():
    measures = find_table_measures(TABLE, AgencyGazetteer.default(), "上海")
    assert [m.id for m in measures] == ["1", "2"]
    first = measures[0]
    assert first.title == "深化服务贸易创新发展试点"
    assert [a.surface for a in first.lead] == ["市商务委"]
    assert [a.surface for a in first.support] == ["市发展改革委", "市财政局"]
    assert [u.position for u in first.units] == [1, 2, 3]
    unit = first.units[1].agency
    assert TABLE[unit.start : unit.end] == "市发展改革委"


def test_task_table_single_responsibility_column_first_leads():
    text = "序号\t工作任务\t责任单位\n1\t优化跨境电商监管\t市商务委、上海海关\n"
    (measure,) = find_table_measures(text, AgencyGazetteer.default(), "上海")
    assert [a.surface for a in measure.lead] == ["市商务委"]
    assert [a.surface for a in measure.support] == ["上海海关"]


def test_task_table_repeated_header_is_skipped():
    text = TABLE + "序号\t重点任务\t牵头单位\t配合单位\n3\t推进单一窗口建设\t市商务委\t上海海关\n"
    measures = find_table_measures(text, AgencyGazetteer.default(), "上海")
    assert [m.id for m in measures] == ["1", "2", "3"]
