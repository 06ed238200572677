// Find entities by part of their name
// Which agencies, policies, measures or documents have a name or alias containing the search
// text (ignoring case)? The full-text index entity_names (CJK bigrams) is searched for the text
// as a phrase, so a Chinese substring such as 商务 finds 上海市商务委员会; hits are kept only where the
// text occurs literally, best first. A single character falls between the bigrams and is looked
// up by a scan instead. Latin text matches whole words only (Trade, not Trad).
// Named query `search_entities` (policykg query search_entities).
// Set the parameters below (null means the query's default), then run all.
// q: the text to look for, e.g. 商务 or 数字贸易
:param q => null;
WITH trim($q) AS q
WHERE q <> ''
CALL (q) {
  WITH q
  WHERE size(q) > 1
  CALL db.index.fulltext.queryNodes(
    'entity_names', '"' + replace(replace(q, '\\', '\\\\'), '"', '\\"') + '"'
  ) YIELD node, score
  RETURN node, score
  UNION
  WITH q
  WHERE size(q) = 1
  MATCH (node)
  RETURN node, 0.0 AS score
}
WITH q, node, score
WHERE toLower(node.name) CONTAINS toLower(q)
   OR any(alias IN coalesce(node.aliases, []) WHERE toLower(alias) CONTAINS toLower(q))
RETURN labels(node)[0] AS label, node.key AS key, node.name AS name, node.aliases AS aliases, score
ORDER BY score DESC, label, key;
