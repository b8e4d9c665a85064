-- The checks every way of posting an 835 makes before reading its claims: the transaction is a
-- JSON object with a payment (BPR/TRN) whose TRN02 trace and BPR02 amount are there, its claims
-- (when there) a list, and the X12 received is given. Raises 22023 naming what is missing.
create or replace function billing_private.check_remittance_head(transaction jsonb, x12 text) returns void
  language plpgsql immutable
  set search_path = pg_catalog, public
  as $$
begin
  if transaction is null or jsonb_typeof(transaction) <> 'object' or jsonb_typeof(transaction -> 'payment') is distinct from 'object' then
    raise exception 'not an 835 transaction: payment (BPR/TRN) is missing' using errcode = '22023';
  end if;
  if nullif(trim(transaction -> 'payment' ->> 'traceNumber'), '') is null then
    raise exception 'not an 835 transaction: TRN02 trace number is missing' using errcode = '22023';
  end if;
  if coalesce(transaction -> 'payment' ->> 'amount', '') !~ '^-?[0-9]+(\.[0-9]+)?$' then
    raise exception 'not an 835 transaction: BPR02 amount "%" is not a number', coalesce(transaction -> 'payment' ->> 'amount', '') using errcode = '22023';
  end if;
  if jsonb_typeof(coalesce(transaction -> 'claims', '[]')) <> 'array' then
    raise exception 'not an 835 transaction: claims must be a list' using errcode = '22023';
  end if;
  if coalesce(x12, '') = '' then
    raise exception 'x12 (the exact bytes received) is required' using errcode = '22023';
  end if;
end $$;

-- The tenant an 835 posts for: the caller's (JWT), or for a psql operator acting for every tenant
-- the one named (tenant_id, required then). Needs claims.write.
create or replace function billing_private.remittance_tenant(tenant_id uuid) returns uuid
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
begin
  if remittance_tenant.tenant_id is not null then
    if not remittance_tenant.tenant_id = any(v_tenants) then
      raise exception 'No tenant %', remittance_tenant.tenant_id using errcode = 'P0002';
    end if;
    return remittance_tenant.tenant_id;
  elsif cardinality(v_tenants) = 1 then
    return v_tenants[1];
  end if;
  raise exception 'tenant_id is required when posting from psql (no JWT tenant)' using errcode = '22023';
end $$;
