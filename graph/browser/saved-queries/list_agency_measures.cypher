// Measures an agency is responsible for
// Which measures does an agency lead or support, in which policy, and where does the text say
// so? One row per responsibility, with its evidence and source span.
// Named query `list_agency_measures` (policykg query list_agency_measures).
// Set the parameters below (null means the query's default), then run all.
// agency: the agency's canonical name (上海市商务委员会) or any alias found in the texts (市商务委)
:param agency => null;
MATCH (a:Agency)
WHERE a.name = $agency OR $agency IN a.aliases
MATCH (a)-[r:LEADS|SUPPORTS]->(m:Measure)<-[hm:HAS_MEASURE]-(p:Policy)
RETURN
  a.name AS agency,
  CASE type(r) WHEN 'LEADS' THEN 'lead' ELSE 'support' END AS role,
  r.position AS position,
  p.key AS policy,
  p.title AS policy_title,
  hm.ordinal AS ordinal,
  m.number AS number,
  m.name AS measure,
  r.doc_id AS doc_id,
  r.start AS start,
  r.end AS end,
  r.evidence AS evidence
ORDER BY agency, policy, ordinal, start, role;
