-- A 270's slot handed back with what the gateway did, before anyone else may take the slot (so
-- the next 270 sees a breaker this answer opened). p_result: 'ok' (the gateway answered: a 271,
-- even one rejecting the member, a 999), 'gateway_failure' (timeout, connection, 5xx, 429, AAA
-- 42/80), 'none' (nothing to say). A gateway failure counts against the breaker (and reopens a
-- half-open one) only for a 270 that had not failed before (p_fresh): a member the payer always
-- fails is that member's problem, not the payer's. Answers to 270s sent under an older generation are
-- ignored. Returns the breaker's new state when it changed, else null.
create or replace function payer_gate.release(p_gateway_key text, p_slot integer, p_holder uuid, p_generation integer, p_probe boolean,
  p_result text, p_fresh boolean, p_reason text, p_failure_threshold integer, p_cooloff_ms integer)
  returns text language plpgsql volatile set search_path = pg_catalog, public as $$
declare
  g payer_gate.gateway;
  new_state text;
begin
  if p_result not in ('ok', 'gateway_failure', 'none') then
    raise exception 'result must be ok, gateway_failure or none, got %', p_result using errcode = '22023';
  end if;
  update payer_gate.slot s set holder = null, held_for = null, lease_until = null
  where s.gateway_key = p_gateway_key and s.slot = p_slot and s.holder = p_holder;
  select * into g from payer_gate.gateway w where w.gateway_key = p_gateway_key;
  if g.generation = p_generation and not (p_result = 'ok' and g.state = 'CLOSED' and g.consecutive_failures = 0) then
    select * into g from payer_gate.gateway w where w.gateway_key = p_gateway_key for update;
    if g.generation = p_generation then
      if p_result = 'ok' then
        new_state := case when g.state <> 'CLOSED' then 'CLOSED' end;
        update payer_gate.gateway w set state = 'CLOSED', consecutive_failures = 0, probe_holder = null, probe_until = null, updated_at = now()
        where w.gateway_key = p_gateway_key;
      elsif p_result = 'gateway_failure' and p_fresh then
        if p_probe or g.state = 'HALF_OPEN' or g.consecutive_failures + 1 >= p_failure_threshold then
          new_state := 'OPEN';
          update payer_gate.gateway w set state = 'OPEN', consecutive_failures = g.consecutive_failures + 1, generation = g.generation + 1,
            opened_at = now(), open_until = now() + make_interval(secs => p_cooloff_ms / 1000.0), probe_holder = null, probe_until = null,
            last_failure_reason = p_reason, updated_at = now()
          where w.gateway_key = p_gateway_key;
        else
          update payer_gate.gateway w set consecutive_failures = g.consecutive_failures + 1, last_failure_reason = p_reason, updated_at = now()
          where w.gateway_key = p_gateway_key;
        end if;
      elsif p_probe then
        -- A probe that proved nothing (or a retry's failure, its member's own): the next 270 probes.
        update payer_gate.gateway w set probe_holder = null, probe_until = null where w.gateway_key = p_gateway_key;
      end if;
      if new_state is not null then
        perform payer_gate.show_breaker(p_gateway_key);
      end if;
    end if;
  end if;
  return new_state;
end $$;
