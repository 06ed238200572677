// Each target beside its latest observation
// How far is each target from what was last reported? Every target (of the given target year,
// or all) beside the latest observation of the same indicator in a comparable unit (the same
// base unit: 亿美元 and 万亿美元 compare, % and 亿美元 do not): the one with the latest year, then the
// first by document and position. Targets without such an observation have nulls there. The
// observation's region is shown because the graph does not tie a target to a region.
// Named query `list_targets_with_latest_observation` (policykg query list_targets_with_latest_observation).
// Set the parameters below (null means the query's default), then run all.
// year: the target year, e.g. 2025; null lists the targets of every year
:param year => null;
MATCH (p:Policy)-[:SETS_TARGET]->(t:Target)
WHERE $year IS NULL OR t.year = $year
OPTIONAL MATCH (t)-[:FOR_INDICATOR]->(i:Indicator)
CALL (t, i) {
  OPTIONAL MATCH (o:Observation)-[:OBSERVED_FOR]->(i)
  WHERE o.year IS NOT NULL AND coalesce(o.base_unit, '') = coalesce(t.base_unit, '')
  RETURN o
  ORDER BY o.year DESC, o.doc_id, o.start, o.end, o.key
  LIMIT 1
}
OPTIONAL MATCH (o)-[:FOR_REGION]->(r:Region)
RETURN
  p.key AS policy,
  i.name AS indicator,
  t.year AS target_year,
  t.value AS target_value,
  t.unit AS target_unit,
  t.qualifier AS qualifier,
  o.year AS observed_year,
  o.period AS observed_period,
  r.name AS region,
  o.value AS observed_value,
  o.unit AS observed_unit,
  o.basis AS basis,
  o.doc_id AS observed_doc_id,
  o.start AS observed_start,
  t.doc_id AS doc_id,
  t.start AS start,
  t.end AS end
ORDER BY policy, doc_id, start, t.key;
