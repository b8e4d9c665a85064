-- The stale claims a 276 should ask about now, with what the 276 needs. A claim is due when its
-- stale flag is open (SUBMITTED, no 277CA or 835 after the payer's stale_claim_days), the
-- trading partner its payer's claims go to is active and answers 276s (supports_276), no 276 for
-- it is under way, and it has had no 277 answer within the partner's claim_status_interval_days.
-- A FAILED 276 does not count: the claim is due again at the next run (the job's retries).
create or replace function billing_private.fn_claim_status_due(p_tenant_id uuid, p_limit integer)
  returns table (
    claim_id uuid, patient_control_number text, payer_claim_control_number text, charge_amount numeric,
    service_date date, service_date_end date, payer_id uuid, payer_name text, payer_identifier text, max_in_flight integer,
    gateway_key text, trading_partner_id uuid, provider_name text, provider_npi text,
    subscriber_id text, relationship_code text, subscriber_first_name text, subscriber_last_name text,
    subscriber_dob date, subscriber_gender text, patient_first_name text, patient_last_name text, patient_dob date, patient_gender text)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select c.id, c.patient_control_number, c.payer_claim_control_number, c.total_amount,
         c.earliest_service_date, c.latest_service_date, p.id, p.name, p.payer_identifier, p.max_in_flight,
         payer_gate.gateway_key(tp.endpoint_url, p.payer_identifier), tp.id, f.name, c.billing_npi,
         cp.subscriber_id, cp.relationship_code, cp.subscriber_first_name, cp.subscriber_last_name,
         cp.subscriber_date_of_birth, cp.subscriber_gender, m.first_name, m.last_name, m.date_of_birth, m.gender
  from billing.stale_claim_flag s
  join billing.claim c on c.tenant_id = s.tenant_id and c.id = s.claim_id
  join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
  join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = coalesce(p.claims_trading_partner_id, p.trading_partner_id)
  join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id
  join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
  join member.member m on m.tenant_id = c.tenant_id and m.id = c.member_id
  where s.tenant_id = p_tenant_id and s.resolved_at is null and c.status = 'SUBMITTED'
    and tp.active and tp.supports_276
    and not exists (
      select 1 from billing.claim_status_inquiry i
      where i.tenant_id = c.tenant_id and i.claim_id = c.id
        and (i.status = 'SENDING' or (i.status = 'ANSWERED' and i.finished_at > now() - make_interval(days => tp.claim_status_interval_days))))
  order by s.flagged_at, c.id
  limit p_limit;
$$;
revoke all on function billing_private.fn_claim_status_due(uuid, integer) from public;
