-- 835s retrieved by polling the claims trading partner (CORE batch X12_835_Request_005010X221A1):
-- the cron dispatch of one remittances/poll-remittances job per tenant and partner on the tenant's
-- remittances queue, and the retrieval cursor. Called by the worker as owner with the tenant explicit.

-- Tenants and partners with claims sent and not yet adjudicated (SUBMITTED or ACCEPTED, something
-- still owed) in the last acknowledgment_poll_days: those are the 835s worth asking for.
create or replace function billing_private.fn_dispatch_remittance_polls()
  returns integer language sql volatile security definer set search_path = pg_catalog, public as $$
  with pairs as (
    select distinct s.tenant_id, s.trading_partner_id
    from billing.claim_submission s
    join billing.claim_submission_claim sc on sc.tenant_id = s.tenant_id and sc.submission_id = s.id
    join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id
    where s.status in ('SENT', 'ACKNOWLEDGED') and s.sent_at > now() - make_interval(days => billing_private.acknowledgment_poll_days())
      and c.status in ('SUBMITTED', 'ACCEPTED')
  )
  select count(graphile_worker.add_job('remittances/poll-remittances', json_build_object('tenantId', p.tenant_id, 'tradingPartnerId', p.trading_partner_id),
    queue_name => core_private.job_queue(p.tenant_id, 'remittances'), job_key => 'remit-poll:' || p.tenant_id || ':' || p.trading_partner_id,
    job_key_mode => 'preserve_run_at', max_attempts => 3))::integer
  from pairs p;
$$;

-- The ISA13 of the last 835 file retrieved from the partner and posted (0 before the first).
create or replace function billing_private.fn_remittance_cursor(p_tenant_id uuid, p_trading_partner_id uuid)
  returns bigint language sql stable security definer set search_path = pg_catalog, public as $$
  select coalesce((select r.last_interchange_control_number from billing_private.remittance_retrieval r
                   where r.tenant_id = p_tenant_id and r.trading_partner_id = p_trading_partner_id), 0);
$$;

-- After a retrieved file is posted: the cursor moves to its ISA13 (never back).
create or replace function billing_private.fn_record_remittance_retrieval(p_tenant_id uuid, p_trading_partner_id uuid, p_interchange_control_number bigint)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  insert into billing_private.remittance_retrieval (tenant_id, trading_partner_id, last_interchange_control_number, files_retrieved, last_retrieved_at)
  values (p_tenant_id, p_trading_partner_id, p_interchange_control_number, 1, now())
  on conflict (tenant_id, trading_partner_id) do update
    set last_interchange_control_number = greatest(remittance_retrieval.last_interchange_control_number, excluded.last_interchange_control_number),
        files_retrieved = remittance_retrieval.files_retrieved + 1, last_retrieved_at = now();
$$;
