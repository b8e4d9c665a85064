-- The payer a 270 goes to, as every tenant and worker process names it: the trading partner's
-- endpoint and the payer's identifier there. Tenants that send to the same payer through the same
-- endpoint share its slots and its breaker.
create or replace function payer_gate.gateway_key(p_endpoint_url text, p_payer_identifier text)
  returns text language sql immutable as $$
  select lower(rtrim(p_endpoint_url, '/')) || ' ' || p_payer_identifier;
$$;
