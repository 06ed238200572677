// Agencies ranked by responsibility
// Which agencies lead and support the most measures? Ranked by measures led, then by measures
// supported; agencies without any measure are left out.
// Named query `rank_agencies` (policykg query rank_agencies).
// Set the parameters below (null means the query's default), then run all.
// limit: how many agencies to list (default 20)
:param limit => null;
MATCH (a:Agency)
WITH a,
     COUNT { MATCH (a)-[:LEADS]->(m:Measure) RETURN DISTINCT m } AS led,
     COUNT { MATCH (a)-[:SUPPORTS]->(m:Measure) RETURN DISTINCT m } AS supported
WHERE led + supported > 0
RETURN a.name AS agency, a.level AS level, led, supported, led + supported AS total
ORDER BY led DESC, supported DESC, agency
LIMIT coalesce($limit, 20);
