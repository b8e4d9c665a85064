-- The nightly claims pass for one tenant, in one call (psql): the tenant's NEW and VALIDATED
-- charges (as of the start of the pass) slice by slice, each slice's NEW charges validated, then
-- the slice built. The worker's claims/build-claims runs the same steps with slices side by side,
-- each step committed on its own (server/claims/build-pass.ts).
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
  v_slice record;
  v_step jsonb;
begin
  for v_slice in select s.to_validate, s.to_build from billing_private.nightly_build_slices(p_tenant, 10000) s loop
    if cardinality(v_slice.to_validate) > 0 then
      select v_validated + count(*) filter (where v.status = 'VALIDATED'), v_invalid + count(*) filter (where v.status = 'INVALID')
        into v_validated, v_invalid
        from billing_private.validate_charges(array[p_tenant], v_slice.to_validate) v;
    end if;
    v_step := billing_private.build_claims_slice(p_tenant, v_slice.to_build, 'jobRunner');
    v_claims := v_claims + (v_step ->> 'claimsBuilt')::int;
    v_billed := v_billed + (v_step ->> 'chargesBilled')::int;
    v_errors := v_errors + (v_step ->> 'buildErrors')::int;
  end loop;
  return jsonb_build_object('chargesValidated', v_validated, 'chargesInvalid', v_invalid, 'claimsBuilt', v_claims,
                            'chargesBilled', v_billed, 'buildErrors', v_errors);
end $$;
