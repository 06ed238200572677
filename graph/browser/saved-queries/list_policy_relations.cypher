// Policies a policy cites, implements or repeals
// Which policies does a plan cite (根据, 贯彻落实, 对标 …), implement or repeal, and which policies do
// so to it? One row per relationship: its type, its direction from the policy given ('out': the
// policy cites the other; 'in': the other cites it), the other policy, and the clause's source
// span and cue word.
// Named query `list_policy_relations` (policykg query list_policy_relations).
// Set the parameters below (null means the query's default), then run all.
// policy: the policy's document number (沪府办发〔2024〕31号), key, exact title or any alias, or the
// doc_id of its source document
:param policy => null;
MATCH (p:Policy)
WHERE $policy <> ''
  AND (p.key = $policy OR p.doc_number = $policy OR p.title = $policy
       OR $policy IN coalesce(p.aliases, [])
       OR EXISTS { (p)-[:HAS_SOURCE]->(d:Document) WHERE d.doc_id = $policy })
MATCH (p)-[r:CITES|IMPLEMENTS|REPEALS]-(o:Policy)
RETURN
  p.key AS policy,
  type(r) AS relation,
  CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
  o.key AS other,
  o.name AS other_name,
  o.doc_number AS other_doc_number,
  r.doc_id AS doc_id,
  r.start AS start,
  r.end AS end,
  r.evidence AS cue
ORDER BY policy, direction DESC, relation, other, doc_id, start, end;
