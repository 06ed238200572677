// Shortest connection between two entities
// How are two entities connected? The shortest path between them, ignoring direction, as the
// names along it and the relationship types between them; when several paths are equally short,
// the first by node keys and then relationship types. Paths of more than 10 relationships are
// not searched.
// Named query `find_shortest_path` (policykg query find_shortest_path).
// Set the parameters below (null means the query's default), then run all.
// from: name or alias of the first entity (上海市商务委员会, 市商务委, a policy title …)
// to: name or alias of the second entity
:param from => null;
:param to => null;
MATCH (a)
WHERE a.name = $from OR $from IN coalesce(a.aliases, [])
MATCH (b)
WHERE b.name = $to OR $to IN coalesce(b.aliases, [])
WITH a, b
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..10]-(b))
WITH p, [n IN nodes(p) | n.key] AS keys, [r IN relationships(p) | type(r)] AS types
ORDER BY length(p), keys, types
LIMIT 1
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS names, types, keys;
