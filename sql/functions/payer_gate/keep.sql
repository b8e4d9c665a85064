-- A 270's slot kept for the same run's next 270 at the gateway instead of being handed back and
-- asked for again (payer_gate.release in the answer's settle, then payer_gate.acquire: a round
-- trip more on the slot's critical path, between an answer and the next 270). Kept only when
-- handing it back would change nothing but the slot: the answer was 'ok', the 270 was not a probe,
-- the breaker is CLOSED with no failure counted and still in the ticket's generation; the slot is
-- below the limit (a limit lowered since is honoured); and no other tenant wants the gateway (a
-- live payer_gate.demand row): then nobody else could be owed the slot. Otherwise nothing is done
-- and the caller releases (fn_settle_inquiry does). Returns whether the slot is kept; its lease is
-- renewed.
-- Locks: only the caller's own slot row (as release does); the gateway and demand rows are read.
create or replace function payer_gate.keep(p_gateway_key text, p_slot integer, p_holder uuid, p_generation integer, p_probe boolean,
  p_result text, p_tenant uuid, p_limit integer, p_lease_ms integer)
  returns boolean language plpgsql volatile set search_path = pg_catalog, public as $$
begin
  if p_result <> 'ok' or p_probe or p_slot >= p_limit then
    return false;
  end if;
  perform from payer_gate.gateway w
  where w.gateway_key = p_gateway_key and w.generation = p_generation and w.state = 'CLOSED' and w.consecutive_failures = 0;
  if not found then
    return false;
  end if;
  perform from payer_gate.demand d where d.gateway_key = p_gateway_key and d.tenant <> p_tenant and d.until > now();
  if found then
    return false;
  end if;
  update payer_gate.slot s set lease_until = now() + make_interval(secs => p_lease_ms / 1000.0)
  where s.gateway_key = p_gateway_key and s.slot = p_slot and s.holder = p_holder and s.held_for = p_tenant;
  return found;
end $$;
comment on function payer_gate.keep(text, integer, uuid, integer, boolean, text, uuid, integer, integer) is
  'Keeps a 270''s slot for the same run''s next 270 when releasing it would change nothing but the slot (ok answer, breaker CLOSED, no other tenant waiting).';
