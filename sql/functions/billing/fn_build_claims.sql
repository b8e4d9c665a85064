-- POST /claims/build, the buildClaims mutation and psql: builds claims from validated charges,
-- all or nothing (see billing_private.build_claims). Needs claims.write.
create or replace function billing.fn_build_claims(charge_ids uuid[]) returns setof billing.claim_build_outcome
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
begin
  if charge_ids is null or cardinality(charge_ids) = 0 then
    raise exception 'chargeIds must be a non-empty array of charge ids' using errcode = '22023';
  end if;
  if array_position(charge_ids, null) is not null then
    raise exception 'chargeIds must not contain null (position %)', array_position(charge_ids, null) using errcode = '22023';
  end if;
  if cardinality(charge_ids) > 100000 then
    raise exception 'chargeIds has % ids; at most 100000 per call', cardinality(charge_ids) using errcode = '22023';
  end if;
  return query select * from billing_private.build_claims(v_tenants, charge_ids, coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function billing.fn_build_claims(uuid[]) to rcm_visitor;

comment on function billing.fn_build_claims(uuid[]) is 'Builds claims from validated charges, all or nothing: per charge its claim, or the errors that stopped the build (then nothing is written). Needs claims.write.';
