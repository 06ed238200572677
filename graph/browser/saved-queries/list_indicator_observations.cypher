// An indicator's observations over time
// What values did the texts report for an indicator, year by year? One row per observation,
// oldest first (observations without a year last): year and period, region, value and unit with
// the base value for comparing scales, growth and share, the statistical basis (口径) and source
// where given, and the policy or report it was reported in, with its source span.
// Named query `list_indicator_observations` (policykg query list_indicator_observations).
// Set the parameters below (null means the query's default), then run all.
// indicator: the indicator's name as printed or its key (服务进出口总额); null lists every indicator
:param indicator => null;
MATCH (i:Indicator)
WHERE $indicator IS NULL OR i.key = $indicator OR i.name = $indicator
   OR $indicator IN coalesce(i.aliases, [])
MATCH (o:Observation)-[:OBSERVED_FOR]->(i)
MATCH (o)-[:OBSERVED_IN]->(p:Policy)
OPTIONAL MATCH (o)-[:FOR_REGION]->(r:Region)
RETURN
  i.name AS indicator,
  o.year AS year,
  o.period AS period,
  r.name AS region,
  o.value AS value,
  o.unit AS unit,
  o.base_value AS base_value,
  o.base_unit AS base_unit,
  o.growth AS growth,
  o.growth_unit AS growth_unit,
  o.share AS share,
  o.basis AS basis,
  o.data_source AS data_source,
  p.key AS reported_in,
  o.doc_id AS doc_id,
  o.start AS start,
  o.end AS end
ORDER BY indicator, year, period, region, doc_id, start, end, o.key;
