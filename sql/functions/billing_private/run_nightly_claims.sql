-- The nightly claims pass for one tenant, in one call (psql): validate every NEW charge, then
-- build claims from every VALIDATED charge (as of the start of the pass), slice by slice. The
-- worker's claims/build-claims runs the same steps with slices side by side, each committed on
-- its own (server/claims/build-pass.ts).
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
  v_slice uuid[];
  v_step jsonb;
begin
  select count(*) filter (where v.status = 'VALIDATED'), count(*) filter (where v.status = 'INVALID')
    into v_validated, v_invalid
    from billing_private.validate_charges(array[p_tenant], null) v;
  for v_slice in select s from billing_private.claim_build_slices(p_tenant, 10000) s loop
    v_step := billing_private.build_claims_slice(p_tenant, v_slice, 'jobRunner');
    v_claims := v_claims + (v_step ->> 'claimsBuilt')::int;
    v_billed := v_billed + (v_step ->> 'chargesBilled')::int;
    v_errors := v_errors + (v_step ->> 'buildErrors')::int;
  end loop;
  return jsonb_build_object('chargesValidated', v_validated, 'chargesInvalid', v_invalid, 'claimsBuilt', v_claims,
                            'chargesBilled', v_billed, 'buildErrors', v_errors);
end $$;
