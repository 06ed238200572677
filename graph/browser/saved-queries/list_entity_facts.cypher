// Every fact about an entity
// What does the graph say about one entity (agency, policy, measure or document)? Every
// relationship touching it, with the other end and the source span it came from.
// Named query `list_entity_facts` (policykg query list_entity_facts).
// Set the parameters below (null means the query's default), then run all.
// key: the entity's key (an agency's canonical name, a policy's document number, a measure key,
// a doc_id); may be null
// name: the entity's name or any alias, used when key is null; may be null
:param key => null;
:param name => null;
CALL () {
  // A key is unique within a label: one index seek per label of the ontology finds it.
  MATCH (n:Agency {key: $key}) RETURN n
  UNION
  MATCH (n:Policy {key: $key}) RETURN n
  UNION
  MATCH (n:Measure {key: $key}) RETURN n
  UNION
  MATCH (n:Document {key: $key}) RETURN n
  UNION
  WITH $name AS name
  WHERE $key IS NULL
  MATCH (n)
  WHERE n.name = name OR name IN coalesce(n.aliases, [])
  RETURN n
}
MATCH (n)-[r]-(o)
RETURN
  labels(n)[0] AS label,
  n.key AS key,
  type(r) AS type,
  CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
  labels(o)[0] AS other_label,
  o.key AS other_key,
  o.name AS other_name,
  r.doc_id AS doc_id,
  r.start AS start,
  r.end AS end,
  r.evidence AS evidence
ORDER BY label, key, doc_id, start, type, other_key;
