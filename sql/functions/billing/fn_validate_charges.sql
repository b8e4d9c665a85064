-- Validates the given charges (NEW, VALIDATED or INVALID ones; BILLED and VOID are returned
-- unchanged) and returns them with their status and validation errors. Needs claims.write.
create or replace function billing.fn_validate_charges(charge_ids uuid[]) returns setof billing.charge
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
begin
  if charge_ids is null or cardinality(charge_ids) = 0 then
    raise exception 'chargeIds must be a non-empty array of charge ids' using errcode = '22023';
  end if;
  if cardinality(charge_ids) > 100000 then
    raise exception 'chargeIds has % ids; at most 100000 per call', cardinality(charge_ids) using errcode = '22023';
  end if;
  perform billing_private.validate_charges(v_tenants, charge_ids);
  return query select c.* from billing.charge c where c.tenant_id = any(v_tenants) and c.id = any(charge_ids) order by c.charge_number;
end $$;
grant execute on function billing.fn_validate_charges(uuid[]) to rcm_visitor;

comment on function billing.fn_validate_charges(uuid[]) is 'Validates charges and returns each with its status (VALIDATED or INVALID) and validation errors; BILLED and VOID charges come back unchanged. Needs claims.write.';
