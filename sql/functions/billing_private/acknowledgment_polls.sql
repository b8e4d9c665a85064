-- Acknowledgments retrieved by polling (CORE batch): which submissions still wait for a 999 or a
-- 277CA, and the cron dispatch of one claims/poll-acknowledgments job per tenant and trading
-- partner on the tenant's claims queue. Called by the worker as owner with the tenant explicit.

-- How long after sending we keep asking a partner for a submission's acknowledgments.
create or replace function billing_private.acknowledgment_poll_days()
  returns integer language sql immutable set search_path = pg_catalog, public as $$ select 30 $$;

-- The submissions of a tenant's partner awaiting an answer: a SENT one still waits for its 999
-- (the 999 makes it ACKNOWLEDGED or REJECTED); SENT or ACKNOWLEDGED with a claim whose try is
-- still open waits for a 277CA.
create or replace function billing_private.fn_submissions_awaiting_acknowledgment(p_tenant_id uuid, p_trading_partner_id uuid)
  returns table (submission_id uuid, payload_id text, interchange_control_number bigint, wants_999 boolean, wants_277ca boolean)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select s.id, s.payload_id::text, s.interchange_control_number, s.status = 'SENT',
         exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is null)
  from billing.claim_submission s
  where s.tenant_id = p_tenant_id and s.trading_partner_id = p_trading_partner_id and s.status in ('SENT', 'ACKNOWLEDGED')
    and s.sent_at > now() - make_interval(days => billing_private.acknowledgment_poll_days())
    and (s.status = 'SENT' or exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is null))
  order by s.sent_at;
$$;

-- Cron (claims/dispatch-acknowledgment-polls): one job per tenant and partner with submissions
-- awaiting an answer; the job key keeps one waiting job per pair however often this fires.
-- Returns the number of jobs handed out.
create or replace function billing_private.fn_dispatch_acknowledgment_polls()
  returns integer language sql volatile security definer set search_path = pg_catalog, public as $$
  with pairs as (
    select distinct s.tenant_id, s.trading_partner_id from billing.claim_submission s
    where s.status in ('SENT', 'ACKNOWLEDGED') and s.sent_at > now() - make_interval(days => billing_private.acknowledgment_poll_days())
      and (s.status = 'SENT' or exists (select 1 from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is null))
  )
  select count(graphile_worker.add_job('claims/poll-acknowledgments', json_build_object('tenantId', p.tenant_id, 'tradingPartnerId', p.trading_partner_id),
    queue_name => core_private.job_queue(p.tenant_id, 'claims'), job_key => 'ack-poll:' || p.tenant_id || ':' || p.trading_partner_id,
    job_key_mode => 'preserve_run_at', max_attempts => 3))::integer
  from pairs p;
$$;
