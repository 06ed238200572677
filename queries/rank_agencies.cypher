// title: Agencies ranked by responsibility
// description: Which agencies lead and support the most measures? Ranked by measures led, then
// description: by measures supported; agencies without any measure are left out.
// param limit: how many agencies to list (default 20)
MATCH (a:Agency)
WITH a,
     COUNT { MATCH (a)-[:LEADS]->(m:Measure) RETURN DISTINCT m } AS led,
     COUNT { MATCH (a)-[:SUPPORTS]->(m:Measure) RETURN DISTINCT m } AS supported
WHERE led + supported > 0
RETURN a.name AS agency, a.level AS level, led, supported, led + supported AS total
ORDER BY led DESC, supported DESC, agency
LIMIT coalesce($limit, 20)
