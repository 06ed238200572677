// Enterprises in a base
// Which enterprises does a base (export base, zone, park, platform) hold, and which runs it?
// One row per base, enterprise and role ('member': the base 聚集了 / 孵化出了 it; 'operator': it runs
// the base), with the enterprise's sector and district where a table gives them, how many
// statements say so, and the first one's source span.
// Named query `list_base_enterprises` (policykg query list_base_enterprises).
// Set the parameters below (null means the query's default), then run all.
// base: the base's key, name or any alias (浦东软件园, 漕河泾开发区); null lists every base
:param base => null;
MATCH (b:Base)
WHERE $base IS NULL OR b.key = $base OR b.name = $base OR $base IN coalesce(b.aliases, [])
MATCH (b)-[r:MEMBER_OF|OPERATED_BY]-(e:Enterprise)
WITH b, e, CASE type(r) WHEN 'OPERATED_BY' THEN 'operator' ELSE 'member' END AS role,
     collect(r) AS rs
WITH b, e, role, rs,
     reduce(f = head(rs), x IN rs |
       CASE WHEN [x.doc_id, x.start, x.end] < [f.doc_id, f.start, f.end] THEN x ELSE f END) AS first
RETURN
  b.key AS base,
  b.name AS base_name,
  role,
  e.key AS enterprise,
  e.name AS enterprise_name,
  e.sector AS sector,
  e.district AS district,
  size(rs) AS statements,
  first.doc_id AS doc_id,
  first.start AS start,
  first.end AS end,
  first.evidence AS evidence
ORDER BY base, role, enterprise;
