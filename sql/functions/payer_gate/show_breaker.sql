-- Operators read breakers per tenant (eligibility.payer_circuit_breaker, GraphQL
-- payerCircuitBreakers): every tenant payer behind the gateway gets its current state.
create or replace function payer_gate.show_breaker(p_gateway_key text)
  returns void language sql volatile set search_path = pg_catalog, public as $$
  insert into eligibility.payer_circuit_breaker as b (tenant_id, payer_id, state, consecutive_failures, opened_at, open_until, last_failure_reason, updated_at)
  select p.tenant_id, p.id, g.state, g.consecutive_failures, g.opened_at, g.open_until, g.last_failure_reason, now()
  from payer_gate.gateway g, core.payer p
  join core.trading_partner tp on tp.tenant_id = p.tenant_id and tp.id = p.trading_partner_id
  where g.gateway_key = p_gateway_key and payer_gate.gateway_key(tp.endpoint_url, p.payer_identifier) = g.gateway_key
  on conflict (tenant_id, payer_id) do update set state = excluded.state, consecutive_failures = excluded.consecutive_failures,
    opened_at = excluded.opened_at, open_until = excluded.open_until,
    last_failure_reason = coalesce(excluded.last_failure_reason, b.last_failure_reason), updated_at = now();
$$;
