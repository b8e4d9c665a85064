-- Builds claims from charges, all or nothing. Every requested charge must be VALIDATED, or
-- BILLED on a claim whose charges are all in the request (the same request again returns the
-- same claims). Otherwise one error row per failing charge is returned and nothing is built.
-- The claims are written by billing_private.write_claims (grouping, lines, one history row each),
-- created BUILT.
create or replace function billing_private.build_claims(p_tenants uuid[], p_charge_ids uuid[], p_actor text)
  returns setof billing.claim_build_outcome
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_requested int;
  v_validated int;
  v_rows int;
begin
  -- Concurrent builds of the same charges queue here; the second then sees them BILLED. When every
  -- requested charge is VALIDATED (the usual call) the error report is skipped.
  select count(*), count(*) filter (where x.status = 'VALIDATED') into v_requested, v_validated
  from (select c.status from billing.charge c
        where c.tenant_id = any(p_tenants) and c.id = any(p_charge_ids)
        order by c.tenant_id, c.id for update) x;

  if v_validated < v_requested or v_requested < (select count(distinct r) from unnest(p_charge_ids) r) then
    return query
    with found as (
      select r.id, c.tenant_id, c.charge_number, c.status, c.validation_errors,
             case when c.status = 'BILLED' then (select cl.claim_id from billing.claim_line cl where cl.tenant_id = c.tenant_id and cl.charge_id = c.id) end as claim_id
      from (select distinct r.id from unnest(p_charge_ids) r(id)) r
      left join billing.charge c on c.tenant_id = any(p_tenants) and c.id = r.id
    ), claims_with_others as (
      select distinct o.claim_id
      from (select distinct tenant_id, claim_id from found where claim_id is not null) b
      join billing.claim_line o on o.tenant_id = b.tenant_id and o.claim_id = b.claim_id
      where o.charge_id <> all(p_charge_ids)
    )
    select f.id, null::uuid, null::numeric,
           case when f.tenant_id is null then 'NOT_FOUND'
                when f.status = 'NEW' then 'NOT_VALIDATED'
                when f.status = 'INVALID' then 'INVALID'
                when f.status = 'VOID' then 'VOID'
                when f.status = 'BILLED' then 'ALREADY_BILLED' end,
           case when f.tenant_id is null then format('No charge %s (unknown id, or not a charge of this tenant).', f.id)
                when f.status = 'NEW' then format('Charge %s is NEW: not validated yet. Validate first (billing.fn_validate_charges, or wait for the nightly pass), then re-call.', f.charge_number)
                when f.status = 'INVALID' then format('Charge %s failed validation: %s Fix it upstream, resend it, and re-call once it is VALIDATED.', f.charge_number,
                     (select string_agg(e->>'message', ' ') from jsonb_array_elements(f.validation_errors) e))
                when f.status = 'VOID' then format('Charge %s is VOID and is never billed; leave it out of the request.', f.charge_number)
                when f.claim_id is null then format('Charge %s is BILLED but on no claim line; ask an administrator to check it.', f.charge_number)
                else format('Charge %s is already billed on claim %s together with charges not in this request; send all of that claim''s charges to get it back, or leave this one out.', f.charge_number, f.claim_id) end,
           case when f.status = 'INVALID' then f.validation_errors end
    from found f
    where f.tenant_id is null or f.status in ('NEW', 'INVALID', 'VOID')
       or (f.status = 'BILLED' and (f.claim_id is null or f.claim_id in (select claim_id from claims_with_others)))
    order by f.charge_number nulls first, f.id;
    get diagnostics v_rows = row_count;
    if v_rows > 0 then
      return;
    end if;
  end if;

  return query
  select x.charge_id, x.claim_id, x.total_amount, null::text, null::text, null::jsonb
  from (
    select w.charge_id, w.claim_id, w.total_amount, w.earliest_service_date, w.line_number
    from billing_private.write_claims(p_tenants, p_charge_ids, p_actor) w
    union all
    -- Charges already billed by an earlier identical request.
    select cl.charge_id, cl.claim_id, c.total_amount, c.earliest_service_date, cl.line_number
    from billing.claim_line cl
    join billing.claim c on c.tenant_id = cl.tenant_id and c.id = cl.claim_id
    where v_validated < v_requested and cl.tenant_id = any(p_tenants) and cl.charge_id = any(p_charge_ids)
  ) x
  order by x.earliest_service_date, x.claim_id, x.line_number;
end $$;
