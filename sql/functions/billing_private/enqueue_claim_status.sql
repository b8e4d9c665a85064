-- Enqueues claims/ask-claim-status for each of the tenants with a claim due a 276, on the
-- tenant's claim-status queue (a run paced by payer limits must not hold up claim submission
-- and acknowledgments on the claims queue). Called after stale-claim detection. Returns how many.
create or replace function billing_private.fn_enqueue_claim_status(p_tenants uuid[])
  returns integer language sql volatile security definer set search_path = pg_catalog, public as $$
  select count(graphile_worker.add_job('claims/ask-claim-status', json_build_object('tenantId', t.id),
           queue_name => core_private.job_queue(t.id, 'claim-status'), job_key => 'claims/ask-claim-status:' || t.id, max_attempts => 5))::int
  from unnest(p_tenants) t(id)
  where exists (select 1 from billing_private.fn_claim_status_due(t.id, 1));
$$;
revoke all on function billing_private.fn_enqueue_claim_status(uuid[]) from public;
