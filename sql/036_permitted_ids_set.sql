-- The middleware's "which of these ids may the caller read" (listKey/recordKey
-- outputs), set-based: the same scope the resource-table policies use
-- (sql/035_resource_row_scope.sql), computed once per call, instead of one
-- checkstack.may per id (a plpgsql decision per row of every list). Same answer
-- as principal_may per id: holding the rule allows every id except team-only
-- ones none of the principal's teams was granted; without it, the granted ones.
CREATE OR REPLACE FUNCTION checkstack.permitted_ids(p_rule text, p_type text, p_ids text[]) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  SELECT id FROM unnest(p_ids) AS id
   WHERE CASE WHEN (SELECT checkstack.scope_all(p_rule))
              THEN NOT (id IN (SELECT unnest((SELECT checkstack.scope_ids(p_rule, p_type)))))
              ELSE id IN (SELECT unnest((SELECT checkstack.scope_ids(p_rule, p_type)))) END
$$;
