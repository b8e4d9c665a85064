-- Whether a gateway is answering 270s, so that a 270 that just failed there failed for its own
-- reasons (the sweep's retry policy, eligibility_private.sweep_retry_after_ms): its breaker is
-- CLOSED and fewer than 3 first-try 270s in a row have failed there (consecutive_failures counts
-- only a 270's first failure and is reset by any answer). When the payer itself fails, the count
-- climbs to the breaker's threshold and the breaker opens: then it is not answering.
create or replace function payer_gate.answering(p_gateway_key text)
  returns boolean language sql stable set search_path = pg_catalog, public as $$
  select coalesce((select g.state = 'CLOSED' and g.consecutive_failures < 3 from payer_gate.gateway g where g.gateway_key = p_gateway_key), false);
$$;
comment on function payer_gate.answering(text) is
  'The gateway answers 270s (breaker CLOSED, fewer than 3 first-try failures in a row): a failure there is its 270''s own.';
