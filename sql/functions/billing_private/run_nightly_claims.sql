-- The nightly claims pass for one tenant: validate every NEW charge, then build claims from every
-- VALIDATED charge (as of the start of the pass), 10,000 charges a build.
create or replace function billing_private.run_nightly_claims(p_tenant uuid) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_validated int := 0;
  v_invalid int := 0;
  v_claims int := 0;
  v_billed int := 0;
  v_errors int := 0;
  v_step_claims int;
  v_step_billed int;
  v_step_errors int;
  v_all uuid[];
  v_ids uuid[];
  v_from int := 1;
begin
  select count(*) filter (where v.status = 'VALIDATED'), count(*) filter (where v.status = 'INVALID')
    into v_validated, v_invalid
    from billing_private.validate_charges(array[p_tenant], null) v;
  -- One read of the tenant's charges (no index names status), then builds over slices of it.
  v_all := array(select c.id from billing.charge c where c.tenant_id = p_tenant and c.status = 'VALIDATED' order by c.id);
  loop
    exit when v_from > cardinality(v_all);
    -- Still VALIDATED: an operator's build may have billed some since the pass began.
    v_ids := array(select c.id from billing.charge c where c.tenant_id = p_tenant and c.id = any(v_all[v_from:v_from + 9999]) and c.status = 'VALIDATED');
    v_from := v_from + 10000;
    continue when cardinality(v_ids) = 0;
    select count(distinct b.claim_id), count(b.claim_id), count(b.error_code)
      into v_step_claims, v_step_billed, v_step_errors
      from billing_private.build_claims(array[p_tenant], v_ids, 'jobRunner') b;
    v_claims := v_claims + v_step_claims;
    v_billed := v_billed + v_step_billed;
    v_errors := v_errors + v_step_errors;
  end loop;
  return jsonb_build_object('chargesValidated', v_validated, 'chargesInvalid', v_invalid, 'claimsBuilt', v_claims,
                            'chargesBilled', v_billed, 'buildErrors', v_errors);
end $$;
