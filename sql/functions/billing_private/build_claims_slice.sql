-- One slice of the nightly build: the charges of p_ids that are still VALIDATED (an operator's
-- build may have billed some since the pass planned its slices) built into claims. Returns the
-- slice's counts {claimsBuilt, chargesBilled, buildErrors}.
-- The write's own update takes each row lock and skips a charge billed meanwhile, so the slice
-- neither locks its charges first nor reads them a third time to filter them.
create or replace function billing_private.build_claims_slice(p_tenant uuid, p_ids uuid[], p_actor text) returns jsonb
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  select jsonb_build_object('claimsBuilt', count(*) filter (where w.line_number = 1), 'chargesBilled', count(*), 'buildErrors', 0)
  from billing_private.write_claims(array[p_tenant], p_ids, p_actor) w
$$;
