// Targets for a year
// What do the policies aim for by a given year? Every target whose target year is the one
// given: its indicator, value (a range as value and upper_value), unit, qualifier (左右, 以上 …),
// baseline where given, the policy that sets it and, where the target is stated inside a
// measure, that measure's number; with its source span.
// Named query `list_targets_for_year` (policykg query list_targets_for_year).
// Set the parameters below (null means the query's default), then run all.
// year: the target year, e.g. 2025
:param year => null;
MATCH (p:Policy)-[:SETS_TARGET]->(t:Target)
WHERE t.year = $year
OPTIONAL MATCH (t)-[:FOR_INDICATOR]->(i:Indicator)
OPTIONAL MATCH (m:Measure)-[:INCLUDES_TARGET]->(t)
RETURN
  p.key AS policy,
  p.title AS policy_title,
  i.name AS indicator,
  t.value AS value,
  t.upper_value AS upper_value,
  t.unit AS unit,
  t.qualifier AS qualifier,
  t.year AS year,
  t.period AS period,
  t.baseline_value AS baseline_value,
  t.baseline_unit AS baseline_unit,
  t.baseline_year AS baseline_year,
  t.source_form AS source_form,
  m.number AS measure,
  t.doc_id AS doc_id,
  t.start AS start,
  t.end AS end
ORDER BY policy, doc_id, start, t.key;
