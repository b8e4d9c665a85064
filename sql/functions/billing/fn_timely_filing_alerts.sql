-- GET /claims/timely-filing and the timelyFilingAlerts query: open alerts, most urgent first
-- (EXPIRED, ALERT, CONFIG, WARNING; then fewest days remaining). Filters are optional;
-- alert_level matches the current (highest) level exactly. Needs claims.read or claims.write.
create or replace function billing.fn_timely_filing_alerts(alert_level text default null, payer_id uuid default null, facility_id uuid default null)
  returns setof billing.timely_filing_alert_status
  language plpgsql stable
  set search_path = pg_catalog, public
  as $$
begin
  if not (core.has_permission('claims.read') or core.has_permission('claims.write')) or core.current_tenant_id() is null then
    raise exception 'permission denied: claims.read or claims.write required' using errcode = '42501';
  end if;
  if alert_level is not null and upper(alert_level) not in ('WARNING', 'ALERT', 'EXPIRED', 'CONFIG') then
    raise exception 'alertLevel must be one of WARNING, ALERT, EXPIRED, CONFIG; got %', alert_level using errcode = '22023';
  end if;
  return query
  select s.* from billing.timely_filing_alert_status s
  where (alert_level is null or s.level = upper(alert_level))
    and (fn_timely_filing_alerts.payer_id is null or s.payer_id = fn_timely_filing_alerts.payer_id)
    and (fn_timely_filing_alerts.facility_id is null or s.facility_id = fn_timely_filing_alerts.facility_id)
  order by s.urgency desc, s.days_remaining nulls first, s.earliest_service_date, s.alert_id;
end $$;
grant execute on function billing.fn_timely_filing_alerts(text, uuid, uuid) to rcm_visitor;

comment on function billing.fn_timely_filing_alerts(text, uuid, uuid) is 'Open timely-filing alerts, most urgent first (EXPIRED, ALERT, CONFIG, WARNING, then fewest days left), optionally of one level, payer or facility. Needs claims.read.';
