-- Builds claims from charges, all or nothing. Every requested charge must be VALIDATED, or
-- BILLED on a claim whose charges are all in the request (the same request again returns the
-- same claims). Otherwise one error row per failing charge is returned and nothing is built.
-- Grouping follows 837P practice: one claim per tenant, member, coverage, billing NPI, facility
-- and service event, at most 50 lines (more lines start another claim). Claims are grouped and
-- checked in the same statement, so they are created BUILT (one history row). Set-based: one
-- statement builds every claim, line, status history row and BILLED update.
create or replace function billing_private.build_claims(p_tenants uuid[], p_charge_ids uuid[], p_actor text)
  returns setof billing.claim_build_outcome
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_errors int;
begin
  -- Concurrent builds of the same charges queue here; the second then sees them BILLED.
  perform 1 from billing.charge c where c.tenant_id = any(p_tenants) and c.id = any(p_charge_ids) order by c.tenant_id, c.id for update;

  return query
  with req as (
    select distinct r.id from unnest(p_charge_ids) r(id)
  ), found as (
    select r.id, c.tenant_id, c.charge_number, c.status, c.validation_errors, cl.claim_id
    from req r
    left join billing.charge c on c.tenant_id = any(p_tenants) and c.id = r.id
    left join billing.claim_line cl on cl.tenant_id = c.tenant_id and cl.charge_id = c.id
  ), claims_with_others as (
    select distinct o.claim_id
    from (select distinct tenant_id, claim_id from found where claim_id is not null) b
    join billing.claim_line o on o.tenant_id = b.tenant_id and o.claim_id = b.claim_id
    where not exists (select 1 from req where req.id = o.charge_id)
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
  get diagnostics v_errors = row_count;
  if v_errors > 0 then
    return;
  end if;

  with line as (
    select c.tenant_id, c.id as charge_id, c.member_id, c.coverage_policy_id, cp.payer_id, c.billing_npi, c.facility_id, c.service_event_id,
           coalesce(c.service_event_id, '00000000-0000-0000-0000-000000000000'::uuid) as event_key,
           c.procedure_code, c.modifiers, c.diagnosis_codes, c.diagnosis_pointers, c.units, c.amount, c.service_date, c.place_of_service,
           c.rendering_npi, p.timely_filing_days,
           row_number() over (partition by c.tenant_id, c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id
                              order by c.service_date, c.charge_number) - 1 as n
    from billing.charge c
    join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
    join core.payer p on p.tenant_id = cp.tenant_id and p.id = cp.payer_id
    where c.tenant_id = any(p_tenants) and c.id = any(p_charge_ids) and c.status = 'VALIDATED'
  ), grouped as (
    select l.tenant_id, l.member_id, l.coverage_policy_id, l.payer_id, l.billing_npi, l.facility_id, l.event_key, l.n / 50 as chunk,
           gen_random_uuid() as claim_id, count(*)::int as line_count, sum(l.amount) as total_amount,
           min(l.service_date) as earliest, max(l.service_date) as latest, min(l.timely_filing_days) as timely_filing_days
    from line l
    group by l.tenant_id, l.member_id, l.coverage_policy_id, l.payer_id, l.billing_npi, l.facility_id, l.event_key, l.n / 50
  ), new_claim as (
    insert into billing.claim (tenant_id, id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, service_event_id, status,
                               line_count, total_amount, earliest_service_date, latest_service_date, timely_filing_days, timely_filing_deadline)
    select g.tenant_id, g.claim_id, g.member_id, g.coverage_policy_id, g.payer_id, g.billing_npi, g.facility_id, nullif(g.event_key, '00000000-0000-0000-0000-000000000000'::uuid), 'BUILT',
           g.line_count, g.total_amount, g.earliest, g.latest, g.timely_filing_days, g.earliest + g.timely_filing_days
    from grouped g
    returning 1
  ), new_line as (
    insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
                                    units, amount, service_date, place_of_service, rendering_npi)
    select l.tenant_id, g.claim_id, (l.n % 50 + 1)::smallint, l.charge_id, l.procedure_code, l.modifiers, l.diagnosis_codes, l.diagnosis_pointers,
           l.units, l.amount, l.service_date, l.place_of_service, l.rendering_npi
    from line l
    join grouped g on g.tenant_id = l.tenant_id and g.member_id = l.member_id and g.coverage_policy_id = l.coverage_policy_id
                  and g.billing_npi = l.billing_npi and g.facility_id = l.facility_id and g.event_key = l.event_key and g.chunk = l.n / 50
    returning 1
  ), billed as (
    update billing.charge c set status = 'BILLED'
    from line l
    where c.tenant_id = l.tenant_id and c.id = l.charge_id
    returning 1
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select g.tenant_id, g.claim_id, s.from_status, s.to_status, s.reason, p_actor
    from grouped g
    cross join (values (null, 'BUILT', 'grouped from validated charges; claim-level checks passed')) s(from_status, to_status, reason)
    returning 1
  )
  select (select count(*) from new_claim) + (select count(*) from new_line) + (select count(*) from billed) + (select count(*) from history) into v_errors;

  return query
  select cl.charge_id, cl.claim_id, c.total_amount, null::text, null::text, null::jsonb
  from billing.claim_line cl
  join billing.claim c on c.tenant_id = cl.tenant_id and c.id = cl.claim_id
  where cl.tenant_id = any(p_tenants) and cl.charge_id = any(p_charge_ids)
  order by c.earliest_service_date, cl.claim_id, cl.line_number;
end $$;
