// Measures touching an entity
// Which measures name a policy, agency, base, enterprise or event in their text (MENTIONS_*),
// and, for an agency, which does it lead or support? One row per measure and way of touching it
// (mentions, leads, supports), with the measure's policy, how many times it does so, and the
// first place: its source span and surface.
// Named query `list_entity_measures` (policykg query list_entity_measures).
// Set the parameters below (null means the query's default), then run all.
// key: the entity's key (a policy's document number, an agency's canonical name, a
// base:/enterprise:/event: key); may be null
// name: the entity's name or any alias (临港新片区, 市商务委, 进博会), used when key is null; may be null
:param key => null;
:param name => null;
CALL () {
  // A key is unique within a label: one index seek per label.
  MATCH (n:Policy {key: $key}) RETURN n
  UNION
  MATCH (n:Agency {key: $key}) RETURN n
  UNION
  MATCH (n:Base {key: $key}) RETURN n
  UNION
  MATCH (n:Enterprise {key: $key}) RETURN n
  UNION
  MATCH (n:Event {key: $key}) RETURN n
  UNION
  WITH $name AS name
  WHERE $key IS NULL
  MATCH (n:Policy|Agency|Base|Enterprise|Event)
  WHERE n.name = name OR name IN coalesce(n.aliases, [])
  RETURN n
}
MATCH (n)-[r:MENTIONS_POLICY|MENTIONS_AGENCY|MENTIONS_BASE|MENTIONS_ENTERPRISE|MENTIONS_EVENT|LEADS|SUPPORTS]-(m:Measure)
MATCH (p:Policy)-[hm:HAS_MEASURE]->(m)
WITH n, m, p, hm,
     CASE type(r) WHEN 'LEADS' THEN 'leads' WHEN 'SUPPORTS' THEN 'supports' ELSE 'mentions' END AS how,
     collect(r) AS rs
// The first place in the text: the smallest (start, end).
WITH n, m, p, hm, how, rs,
     reduce(f = head(rs), x IN rs |
       CASE WHEN x.start < f.start OR (x.start = f.start AND x.end < f.end) THEN x ELSE f END) AS first
RETURN
  labels(n)[0] AS label,
  n.key AS key,
  n.name AS entity,
  how,
  p.key AS policy,
  p.title AS policy_title,
  hm.ordinal AS ordinal,
  m.number AS number,
  m.name AS measure,
  size(rs) AS times,
  first.doc_id AS doc_id,
  first.start AS start,
  first.end AS end,
  first.evidence AS evidence
ORDER BY label, key, policy, ordinal, how;
