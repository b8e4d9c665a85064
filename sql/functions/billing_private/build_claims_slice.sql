-- One slice of the nightly build: the charges of p_ids that are still VALIDATED (an operator's
-- build may have billed some since the pass planned its slices), built into claims. Returns the
-- slice's counts {claimsBuilt, chargesBilled, buildErrors}.
create or replace function billing_private.build_claims_slice(p_tenant uuid, p_ids uuid[], p_actor text) returns jsonb
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  select jsonb_build_object('claimsBuilt', count(distinct b.claim_id), 'chargesBilled', count(b.claim_id), 'buildErrors', count(b.error_code))
  from billing_private.build_claims(
    array[p_tenant],
    array(select c.id from billing.charge c where c.tenant_id = p_tenant and c.id = any(p_ids) and c.status = 'VALIDATED'),
    p_actor) b
$$;
