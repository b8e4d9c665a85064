-- A live worker process renews the leases of the slots (and the probe) it holds; a process that
-- stopped renewing has died, and what it held is free once the lease ends.
create or replace function payer_gate.renew_leases(p_holder uuid, p_lease_ms integer)
  returns integer language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  renewed integer;
begin
  update payer_gate.slot s set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0) where s.holder = p_holder;
  get diagnostics renewed = row_count;
  update payer_gate.gateway w set probe_until = now() + make_interval(secs => p_lease_ms / 1000.0) where w.probe_holder = p_holder;
  return renewed;
end $$;
