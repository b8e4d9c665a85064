-- A worker process asks for one in-flight slot of a gateway for one tenant's 270. Returns
-- (slot, generation, probe, wait_ms):
-- * slot not null: send now; hand the slot back with payer_gate.release, passing generation and probe.
-- * slot null, wait_ms > 0: the breaker is open for that long; 270s wait unsent.
-- * slot null, wait_ms = 0: no slot free (or the tenant has its share while others wait); retry
--   when one is released (the caller polls, and wakes its own waiters on its own releases).
-- A breaker whose cool-off is over lets ONE probe through: a 270 that has not failed before
-- (p_fresh), so a member the payer always fails does not keep the breaker open; a retry may probe
-- only once fresh 270s had a whole cool-off to do it. Fair shares: while n tenants want the
-- gateway, each holds at most ceil(limit / n) slots.
-- It runs for every 270, so its usual path (breaker closed, a slot free) is three statements: the
-- gateway row, the demand of the tenants (this tenant's renewed only when it is about to lapse:
-- an ON CONFLICT DO UPDATE locks the row, a write, even when its WHERE skips the update), the slot.
create or replace function payer_gate.acquire(p_gateway_key text, p_limit integer, p_tenant uuid, p_holder uuid, p_fresh boolean, p_lease_ms integer)
  returns table (slot integer, generation integer, probe boolean, wait_ms integer)
  language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  g payer_gate.gateway;
  is_probe boolean := false;
  tenants integer;
  held integer;
  demand_fresh boolean;
  taken integer;
  lease interval := make_interval(secs => p_lease_ms / 1000.0);
begin
  select * into g from payer_gate.gateway w where w.gateway_key = p_gateway_key;
  if g.gateway_key is null then
    insert into payer_gate.gateway (gateway_key) values (p_gateway_key) on conflict do nothing;
    insert into payer_gate.slot (gateway_key, slot) select p_gateway_key, n from generate_series(0, p_limit - 1) n on conflict do nothing;
    select * into g from payer_gate.gateway w where w.gateway_key = p_gateway_key;
  end if;
  if g.state = 'OPEN' and now() < g.open_until then
    return query select null::integer, g.generation, false, ceil(extract(epoch from g.open_until - now()) * 1000)::integer;
    return;
  end if;
  if g.state <> 'CLOSED' then
    if g.state = 'HALF_OPEN' and g.probe_until > now()
       or (not p_fresh and now() < g.open_until + (g.open_until - g.opened_at)) then
      return query select null::integer, g.generation, false, 0;
      return;
    end if;
    update payer_gate.gateway w set state = 'HALF_OPEN', probe_holder = p_holder, probe_until = now() + lease, updated_at = now()
    where w.gateway_key = p_gateway_key and w.generation = g.generation
      and (w.state = 'OPEN' or w.probe_until is null or w.probe_until <= now());
    if not found then
      return query select null::integer, g.generation, false, 0;
      return;
    end if;
    is_probe := true;
  end if;

  select count(*) filter (where d.until > now()), coalesce(bool_or(d.tenant = p_tenant and d.until >= now() + interval '1 second'), false)
  into tenants, demand_fresh
  from payer_gate.demand d where d.gateway_key = p_gateway_key;
  if not demand_fresh then
    insert into payer_gate.demand as d (gateway_key, tenant, until) values (p_gateway_key, p_tenant, now() + interval '2 seconds')
    on conflict (gateway_key, tenant) do update set until = excluded.until where d.until < now() + interval '1 second';
    select count(*) into tenants from payer_gate.demand d where d.gateway_key = p_gateway_key and d.until > now();
  end if;
  if tenants > 1 and not is_probe then
    select count(*) into held from payer_gate.slot s
    where s.gateway_key = p_gateway_key and s.held_for = p_tenant and s.lease_until > now();
    if held >= ceil(p_limit::numeric / tenants) then
      return query select null::integer, g.generation, false, 0;
      return;
    end if;
  end if;

  for pass in 1..2 loop
    update payer_gate.slot s set holder = p_holder, held_for = p_tenant, lease_until = now() + lease
    where (s.gateway_key, s.slot) = (
      select f.gateway_key, f.slot from payer_gate.slot f
      where f.gateway_key = p_gateway_key and f.slot < p_limit and (f.holder is null or f.lease_until <= now())
      order by f.slot limit 1 for update skip locked)
    returning s.slot into taken;
    -- None free: a limit raised since the slots were made gets its new slots, and one more try.
    exit when taken is not null or p_limit <= (select count(*) from payer_gate.slot s where s.gateway_key = p_gateway_key);
    insert into payer_gate.slot (gateway_key, slot) select p_gateway_key, n from generate_series(0, p_limit - 1) n on conflict do nothing;
  end loop;
  if taken is null and is_probe then
    update payer_gate.gateway w set probe_holder = null, probe_until = null where w.gateway_key = p_gateway_key and w.probe_holder = p_holder;
    is_probe := false;
  end if;
  return query select taken, g.generation, is_probe, 0;
end $$;
