// Units responsible for each measure of a policy
// Which units lead and which support each measure of a policy? One row per measure, in the
// policy's order, with the units in the order the text prints them.
// Named query `list_measure_units` (policykg query list_measure_units).
// Set the parameters below (null means the query's default), then run all.
// policy: the policy's document number (沪府办发〔2024〕31号), its exact title, or the doc_id of its
// source document
:param policy => null;
MATCH (p:Policy)
WHERE $policy <> ''
  AND (p.doc_number = $policy OR p.title = $policy
       OR EXISTS { (p)-[:HAS_SOURCE]->(d:Document) WHERE d.doc_id = $policy })
MATCH (p)-[hm:HAS_MEASURE]->(m:Measure)
RETURN
  p.key AS policy,
  hm.ordinal AS ordinal,
  m.number AS number,
  m.name AS measure,
  COLLECT { MATCH (a:Agency)-[r:LEADS]->(m) RETURN a.name ORDER BY r.position, a.name } AS lead_units,
  COLLECT { MATCH (a:Agency)-[r:SUPPORTS]->(m) RETURN a.name ORDER BY r.position, a.name } AS support_units
ORDER BY policy, ordinal;
