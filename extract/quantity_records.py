"""Typed records for quantities, targets and observations (issue #5).

Offsets are clean-text offsets (the finders work on `CleanText.text`); the pipeline maps them
to raw offsets in one place. `to_json()` gives the dict of `gold/FORMAT.md` for the kind, with
these clean offsets.

Values are kept as printed, in the printed unit (`2.5` with unit `万亿美元`), because that is
what readers and the scorer compare; `base_value`/`base_unit` hold the same amount in a unit
that compares across scales (`2.5e12` 美元).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit, as printed: `2.5万亿美元`, `75%`, `4703.33万标准箱`, `2—3家`."""

    value: float  # the number as printed (lower bound of a range)
    unit: str  # printed unit: optional scale + unit word ("万亿美元", "%", "家"); "" if none
    base_value: float  # value in base units (2.5万亿美元 -> 2.5e12)
    base_unit: str  # "美元", "元", "%", "标准箱", "平方米", "家" …; "" if none
    dimension: str  # "currency", "percent", "count", "area" …; "" if no unit
    start: int
    end: int
    text: str  # the characters printed, e.g. "2.5万亿美元"
    upper: float | None = None  # upper bound of a range (2—3家 -> 3)
    modifier: str = ""  # 多 / 余 between number and unit (5300多家)

    @property
    def is_range(self) -> bool:
        return self.upper is not None

    def comparable(self, other: Quantity) -> bool:
        """Same dimension and base unit, so `base_value`s compare."""
        return self.dimension == other.dimension and self.base_unit == other.base_unit


def _number(value: float) -> int | float:
    """JSON number: integers without a trailing .0."""
    return int(value) if float(value).is_integer() else value


def _range_or_number(q: Quantity) -> int | float | str:
    if q.upper is None:
        return _number(q.value)
    return f"{_number(q.value)}-{_number(q.upper)}"


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified goal: indicator, value, unit, target year, and how it is bounded."""

    indicator: str
    quantity: Quantity
    unit: str  # reported unit: the printed one, "/年" appended for 每年 / 年均 targets
    year: int | None  # target year; None for recurring (每年) targets
    start: int  # the goal sentence clause or table row
    end: int
    qualifier: str = ""  # 左右, 以上, 超过, 不低于, 累计…左右, 年均
    attribute: str = ""  # 预期性 / 约束性 (indicator tables)
    category: str = ""  # 指标类别 of a table row
    period: str = ""  # "2021-2025 cumulative", "annual", "annual average"
    baseline: Quantity | None = None
    baseline_year: int | None = None
    baseline_period: str = ""  # "2016-2020" for “十三五”期间累计 baselines
    remark: str = ""  # 备注 cell of a table row
    section: str = ""  # the heading path it sits in: "三、… > 专栏2 … > (一)…"
    source: str = "sentence"  # "sentence" or "table"

    @property
    def value(self) -> float:
        return self.quantity.value

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "indicator": self.indicator,
            "value": _range_or_number(self.quantity),
            "unit": self.unit,
            "year": self.year,
            "start": self.start,
            "end": self.end,
            "qualifier": self.qualifier,
            "source": self.source,
            "section": self.section,
        }
        if self.attribute:
            item["attribute"] = self.attribute
        if self.category:
            item["category"] = self.category
        if self.period:
            item["period"] = self.period
        if self.baseline is not None:
            item["baseline_value"] = _range_or_number(self.baseline)
            item["baseline_unit"] = self.baseline.unit or self.unit
            item["baseline_year"] = self.baseline_year
            if self.baseline_period:
                item["baseline_period"] = self.baseline_period
        if self.remark:
            item["remark"] = self.remark
        return item


@dataclass(frozen=True, slots=True)
class Observation:
    """A reported value: indicator, region, period, value and unit, with growth and share."""

    indicator: str
    region: str
    year: int | None
    quantity: Quantity
    start: int  # the clause that states the value
    end: int
    period: str = ""  # "2022-H1", "2022-01/06", "2010-2021", "2022-end"; "" = the year
    qualifier: str = ""  # 约, 超过, 近 …
    growth: Quantity | None = None  # 同比增长 15.9%
    growth_kind: str = ""  # the growth cue as printed: 同比增长, 年均增长, 较上届增长 …
    share: Quantity | None = None  # 占全国的30.0%
    share_of: str = ""  # what the share is of: "全国"
    basis: str = ""  # 统计口径: "商务部口径"
    source: str = ""  # statistical source: "国家外汇管理局上海市分局"
    section: str = ""

    @property
    def value(self) -> float:
        return self.quantity.value

    @property
    def unit(self) -> str:
        return self.quantity.unit

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "indicator": self.indicator,
            "region": self.region,
            "year": self.year,
            "value": _range_or_number(self.quantity),
            "unit": self.quantity.unit,
            "start": self.start,
            "end": self.end,
        }
        if self.period:
            item["period"] = self.period
        if self.qualifier:
            item["qualifier"] = self.qualifier
        if self.growth is not None:
            item["growth"] = _number(self.growth.value)
            item["growth_unit"] = self.growth.unit
            item["growth_kind"] = self.growth_kind
        if self.share is not None:
            item["share"] = _number(self.share.value)
            item["share_of"] = self.share_of
        if self.basis:
            item["basis"] = self.basis
        if self.source:
            item["source"] = self.source
        if self.section:
            item["section"] = self.section
        return item
