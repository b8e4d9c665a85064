-- Flags SUBMITTED claims with no payer response after the payer's stale_claim_days, once per
-- submission (unique index), with the age in days at flagging time. SUBMITTED claims are found
-- through billing_private.claim_lookup's status index (migration 61). Tenants with a claim due a
-- 276 (their partner answers them) get a claims/ask-claim-status job.
create or replace function billing_private.detect_stale_claims(p_tenants uuid[]) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_flagged int;
  v_open int;
begin
  insert into billing.stale_claim_flag (tenant_id, claim_id, payer_id, submitted_at, stale_claim_days, age_days)
  select c.tenant_id, c.id, c.payer_id, c.submitted_at, p.stale_claim_days, current_date - (c.submitted_at at time zone 'UTC')::date
  from billing_private.claim_lookup k
  join billing.claim c on c.tenant_id = k.tenant_id and c.id = k.claim_id
  join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
  where k.tenant_id = any(p_tenants) and k.status = 'SUBMITTED'
    and c.submitted_at < now() - make_interval(days => p.stale_claim_days)
  on conflict (tenant_id, claim_id, submitted_at) do nothing;
  get diagnostics v_flagged = row_count;
  select count(*) into v_open from billing.stale_claim_flag s where s.tenant_id = any(p_tenants) and s.resolved_at is null;
  perform billing_private.fn_enqueue_claim_status(p_tenants);
  return jsonb_build_object('flagged', v_flagged, 'open', v_open);
end $$;
