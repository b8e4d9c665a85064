-- The graphile-worker queue of a tenant's job: one serial queue per tenant and domain, so that work
-- of one domain never waits behind another's (a 10,000-member sweep does not hold up a 1-record
-- batch). Jobs of the same queue run one at a time, in order:
--   sweeps        one sweep run at a time per tenant (and the batch-mode 271 polls)
--   claims        the nightly claims jobs of the tenant, one after the other
--   feed:<id>     the ingestion batches of one feed, in the order they were received
--   remittances   835 remittance work
--   claim-status  276 claim status requests of stale claims (paced by payer limits; kept off the
--                 claims queue so a long run never delays submissions and acknowledgments)
-- Every add_job of a per-tenant job takes its queue_name from here.
create or replace function core_private.job_queue(tenant_id uuid, domain text) returns text
  language plpgsql immutable
  set search_path = pg_catalog, public
  as $$
begin
  if tenant_id is null then
    raise exception 'job_queue: tenant_id is required' using errcode = '22004';
  end if;
  if domain is null or not (domain in ('sweeps', 'claims', 'remittances', 'claim-status') or domain ~ '^feed:[0-9a-f-]{36}$') then
    raise exception 'job_queue: unknown domain %', coalesce(domain, 'null')
      using errcode = '22023', hint = 'One of sweeps, claims, remittances, claim-status, feed:<feed_id>.';
  end if;
  return 'tenant:' || tenant_id || ':' || domain;
end $$;
revoke all on function core_private.job_queue(uuid, text) from public;
