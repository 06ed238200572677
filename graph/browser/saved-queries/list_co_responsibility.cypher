// Agencies that share measures
// Which pairs of agencies are responsible (as lead or support) for the same measures, and for
// how many? Each pair appears once, the most frequent pairs first.
// Named query `list_co_responsibility` (policykg query list_co_responsibility).
// Set the parameters below (null means the query's default), then run all.
// min_count: the least number of shared measures a pair needs to be listed (default 1)
:param min_count => null;
MATCH (m:Measure)
// Pairs are formed per measure from its distinct units in key order, so each measure counts once
// per pair and no (a, b)/(b, a) duplicates arise.
WITH COLLECT {
  MATCH (a:Agency)-[:LEADS|SUPPORTS]->(m)
  WITH DISTINCT a
  RETURN a ORDER BY a.key
} AS units
WHERE size(units) > 1
UNWIND range(0, size(units) - 2) AS i
UNWIND range(i + 1, size(units) - 1) AS j
WITH units[i] AS a, units[j] AS b, count(*) AS shared
WHERE shared >= coalesce($min_count, 1)
RETURN a.name AS agency_a, b.name AS agency_b, shared
ORDER BY shared DESC, agency_a, agency_b;
