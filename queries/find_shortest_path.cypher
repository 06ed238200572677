// title: Shortest connection between two entities
// description: How are two entities connected? The shortest path between them, ignoring direction,
// description: as the names along it and the relationship types between them; when several paths
// description: are equally short, the first by node keys and then relationship types. Paths of
// description: more than 10 relationships are not searched.
// param from: name or alias of the first entity (上海市商务委员会, 市商务委, a policy title …)
// param to: name or alias of the second entity
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
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS names, types, keys
