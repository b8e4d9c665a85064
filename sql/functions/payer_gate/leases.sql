-- A live worker process renews the leases of the slots (and the probe) it holds; a process that
-- stopped renewing has died, and what it held is free once the lease ends. Called every quarter
-- of a lease (server/eligibility/payer-gate.ts).
create or replace function payer_gate.renew_leases(p_holder uuid, p_lease_ms integer)
  returns integer language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  renewed integer;
begin
  -- Only leases taken or renewed more than a tenth of a lease ago (1 s): a 270 holds its slot well
  -- under a second, so most renewals touch nothing, and a lease still has 9 s after a renewal
  -- round (10 s before). Renewing every held slot locked rows that acquire and release were
  -- updating (88 ms a call in the eligibility bench, the gateway's 270s waiting behind it).
  update payer_gate.slot s set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
  where s.holder = p_holder and s.lease_until < now() + make_interval(secs => p_lease_ms * 0.9 / 1000.0);
  get diagnostics renewed = row_count;
  update payer_gate.gateway w set probe_until = now() + make_interval(secs => p_lease_ms / 1000.0)
  where w.probe_holder = p_holder and w.probe_until < now() + make_interval(secs => p_lease_ms * 0.9 / 1000.0);
  return renewed;
end $$;
