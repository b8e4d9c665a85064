-- Timely filing for the tenants: the clock of every VALIDATED charge and every CREATED or BUILT
-- claim starts at its earliest date of service; at 80% of the payer's window it gets a WARNING,
-- at 90% an ALERT, at 100% EXPIRED, each once (unique index). Claims are found by status through
-- billing_private.claim_lookup (migration 61). A payer without a limit that
-- has watched charges or claims gets one CONFIG alert. Alerts of what is no longer watched
-- (charge billed or voided, claim submitted) and CONFIG alerts of fixed payers are resolved.
create or replace function billing_private.check_timely_filing(p_tenants uuid[]) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_raised jsonb;
  v_config int;
  v_resolved int;
  v_resolved_config int;
begin
  with watched as (
    select c.tenant_id, 'CLAIM' as subject_kind, c.id as subject_id, c.id as claim_id, null::uuid as charge_id, c.payer_id, c.facility_id,
           c.earliest_service_date as dos, c.total_amount as amount
    from billing_private.claim_lookup k join billing.claim c on c.tenant_id = k.tenant_id and c.id = k.claim_id
    where k.tenant_id = any(p_tenants) and k.status in ('CREATED', 'BUILT')
    union all
    select ch.tenant_id, 'CHARGE', ch.id, null, ch.id, cp.payer_id, ch.facility_id, ch.service_date, ch.amount
    from billing.charge ch join member.coverage_policy cp on cp.tenant_id = ch.tenant_id and cp.id = ch.coverage_policy_id
    where ch.tenant_id = any(p_tenants) and ch.status = 'VALIDATED'
  ), reached as (
    select w.*, p.timely_filing_days, current_date - w.dos as elapsed, lv.level
    from watched w
    join core.payer p on p.tenant_id = w.tenant_id and p.id = w.payer_id
    cross join lateral (values ('WARNING', 80), ('ALERT', 90), ('EXPIRED', 100)) lv(level, pct)
    where p.timely_filing_days is not null and (current_date - w.dos) * 100 >= p.timely_filing_days * lv.pct
  ), inserted as (
    insert into billing.timely_filing_alert (tenant_id, subject_kind, subject_id, claim_id, charge_id, payer_id, facility_id, level,
                                             earliest_service_date, timely_filing_days, deadline, amount, days_elapsed_at_raise)
    select r.tenant_id, r.subject_kind, r.subject_id, r.claim_id, r.charge_id, r.payer_id, r.facility_id, r.level,
           r.dos, r.timely_filing_days, r.dos + r.timely_filing_days, r.amount, r.elapsed
    from reached r
    on conflict (tenant_id, subject_id, level) do nothing
    returning level
  )
  select coalesce(jsonb_object_agg(level, n), '{}'::jsonb) into v_raised
  from (select level, count(*) as n from inserted group by level) x;

  with unlimited as (
    select p.tenant_id, p.id as payer_id, count(*)::int as affected, sum(w.amount) as amount, min(w.dos) as dos
    from core.payer p
    join (
      select c.tenant_id, c.payer_id, c.total_amount as amount, c.earliest_service_date as dos
      from billing_private.claim_lookup k join billing.claim c on c.tenant_id = k.tenant_id and c.id = k.claim_id
      where k.tenant_id = any(p_tenants) and k.status in ('CREATED', 'BUILT')
      union all
      select ch.tenant_id, cp.payer_id, ch.amount, ch.service_date from billing.charge ch
      join member.coverage_policy cp on cp.tenant_id = ch.tenant_id and cp.id = ch.coverage_policy_id
      where ch.tenant_id = any(p_tenants) and ch.status = 'VALIDATED'
    ) w on w.tenant_id = p.tenant_id and w.payer_id = p.id
    where p.tenant_id = any(p_tenants) and p.timely_filing_days is null
    group by p.tenant_id, p.id
  ), upserted as (
    insert into billing.timely_filing_alert (tenant_id, subject_kind, subject_id, payer_id, level, earliest_service_date, amount, affected_count)
    select u.tenant_id, 'PAYER', u.payer_id, u.payer_id, 'CONFIG', u.dos, u.amount, u.affected from unlimited u
    on conflict (tenant_id, subject_id, level) do update
      set affected_count = excluded.affected_count, amount = excluded.amount, earliest_service_date = excluded.earliest_service_date,
          raised_at = case when billing.timely_filing_alert.resolved_at is null then billing.timely_filing_alert.raised_at else now() end,
          resolved_at = null, resolution = null
    returning 1
  ), config_fixed as (
    update billing.timely_filing_alert a set resolved_at = now(), resolution = 'payer limit set or nothing left to file'
    where a.tenant_id = any(p_tenants) and a.level = 'CONFIG' and a.resolved_at is null
      and not exists (select 1 from unlimited u where u.tenant_id = a.tenant_id and u.payer_id = a.payer_id)
    returning 1
  )
  select (select count(*) from upserted), (select count(*) from config_fixed) into v_config, v_resolved_config;

  update billing.timely_filing_alert a
     set resolved_at = now(),
         resolution = case when a.subject_kind = 'CLAIM' then 'claim ' || lower(c.status) else 'charge ' || lower(ch.status) end
    from billing.timely_filing_alert x
    left join billing.claim c on c.tenant_id = x.tenant_id and c.id = x.claim_id
    left join billing.charge ch on ch.tenant_id = x.tenant_id and ch.id = x.charge_id
   where a.tenant_id = x.tenant_id and a.id = x.id
     and x.tenant_id = any(p_tenants) and x.resolved_at is null and x.level <> 'CONFIG'
     and ((x.subject_kind = 'CLAIM' and c.status not in ('CREATED', 'BUILT')) or (x.subject_kind = 'CHARGE' and ch.status <> 'VALIDATED'));
  get diagnostics v_resolved = row_count;

  return jsonb_build_object(
    'warningRaised', coalesce((v_raised->>'WARNING')::int, 0),
    'alertRaised', coalesce((v_raised->>'ALERT')::int, 0),
    'expiredRaised', coalesce((v_raised->>'EXPIRED')::int, 0),
    'configOpen', v_config,
    'resolved', v_resolved + v_resolved_config);
end $$;
