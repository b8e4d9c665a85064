-- Builds claims from charges, all or nothing. Every requested charge must be VALIDATED, or
-- BILLED on a claim whose charges are all in the request (the same request again returns the
-- same claims). Otherwise one error row per failing charge is returned and nothing is built.
-- Grouping follows 837P practice: one claim per tenant, member, coverage, billing NPI, facility
-- and service event, at most 50 lines (more lines start another claim). Claims are grouped and
-- checked in the same statement, so they are created BUILT (one history row).
-- Set-based and in one pass over the charges: the BILLED update returns the rows the claims are
-- grouped from, and each claim's figures are window aggregates carried on its lines, so lines
-- never join back to their claims.
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
  with billed as (
    update billing.charge c set status = 'BILLED'
    where c.tenant_id = any(p_tenants) and c.id = any(p_charge_ids) and c.status = 'VALIDATED'
    returning c.tenant_id, c.id, c.charge_number, c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id,
              c.procedure_code, c.modifiers, c.diagnosis_codes, c.diagnosis_pointers, c.units, c.amount, c.service_date, c.place_of_service, c.rendering_npi
  ), numbered as (
    select b.*, cp.payer_id, p.timely_filing_days, gen_random_uuid() as new_id,
           (row_number() over (partition by b.tenant_id, b.member_id, b.coverage_policy_id, b.billing_npi, b.facility_id, b.service_event_id
                               order by b.service_date, b.charge_number) - 1)::int as n
    from billed b
    join member.coverage_policy cp on cp.tenant_id = b.tenant_id and cp.id = b.coverage_policy_id
    join core.payer p on p.tenant_id = cp.tenant_id and p.id = cp.payer_id
  ), line as materialized (
    -- Each run of at most 50 lines of the same group is a claim; the claim's figures ride on every line (no join back).
    select n.*, (n.n % 50 + 1)::smallint as line_number,
           first_value(n.new_id) over claim as claim_id, count(*) over claim as line_count, sum(n.amount) over claim as total_amount,
           min(n.service_date) over claim as earliest, max(n.service_date) over claim as latest, min(n.timely_filing_days) over claim as claim_timely_filing_days
    from numbered n
    window claim as (partition by n.tenant_id, n.member_id, n.coverage_policy_id, n.billing_npi, n.facility_id, n.service_event_id, n.n / 50
                     rows between unbounded preceding and unbounded following)
  ), new_claim as (
    insert into billing.claim (tenant_id, id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, service_event_id, status,
                               line_count, total_amount, earliest_service_date, latest_service_date, timely_filing_days, timely_filing_deadline)
    select l.tenant_id, l.claim_id, l.member_id, l.coverage_policy_id, l.payer_id, l.billing_npi, l.facility_id, l.service_event_id, 'BUILT',
           l.line_count, l.total_amount, l.earliest, l.latest, l.claim_timely_filing_days, l.earliest + l.claim_timely_filing_days
    from line l where l.line_number = 1
  ), new_line as (
    insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
                                    units, amount, service_date, place_of_service, rendering_npi)
    select l.tenant_id, l.claim_id, l.line_number, l.id, l.procedure_code, l.modifiers, l.diagnosis_codes, l.diagnosis_pointers,
           l.units, l.amount, l.service_date, l.place_of_service, l.rendering_npi
    from line l
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select l.tenant_id, l.claim_id, null, 'BUILT', 'grouped from validated charges; claim-level checks passed', p_actor
    from line l where l.line_number = 1
  )
  -- The inserts above always run to completion; the answer comes from the same lines.
  select x.charge_id, x.claim_id, x.total_amount, null::text, null::text, null::jsonb
  from (
    select l.id as charge_id, l.claim_id, l.total_amount, l.earliest, l.line_number from line l
    union all
    -- Charges already billed by an earlier identical request.
    select cl.charge_id, cl.claim_id, c.total_amount, c.earliest_service_date, cl.line_number
    from billing.claim_line cl
    join billing.claim c on c.tenant_id = cl.tenant_id and c.id = cl.claim_id
    where v_validated < v_requested and cl.tenant_id = any(p_tenants) and cl.charge_id = any(p_charge_ids)
  ) x
  order by x.earliest, x.claim_id, x.line_number;
end $$;
