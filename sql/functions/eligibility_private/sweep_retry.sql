-- The sweep's retry policy: how long a member waits before its coverage's next 270 after a
-- retryable failure (timeout, connection error, HTTP 5xx/408/429, AAA 42/80; which failures are
-- retryable, and when to give up after ELIGIBILITY_MAX_ATTEMPTS, is x12/retry-policy.ts's call).
-- The wait doubles with each attempt, up to p_max_ms (ELIGIBILITY_RETRY_MAX_MS), from a base that
-- depends on whose failure it looks like:
-- * the member's own: the payer is answering other 270s meanwhile (payer_gate.answering: its
--   breaker CLOSED, fewer than 3 first-try failures in a row): p_member_base_ms
--   (ELIGIBILITY_MEMBER_RETRY_BASE_MS, 250 ms: 0.25, 0.5, 1 s). A member the payer always fails
--   (the sandbox's ERR500) then ends about 2 s after its first 270 instead of 7-8 s, and such a
--   member near the end of a run no longer holds the run's end.
-- * the payer's: its breaker is open or half-open, or failures pile up there: p_base_ms
--   (ELIGIBILITY_RETRY_BASE_MS, 1 s: 1, 2, 4 s).
-- The member's base is never above p_base_ms (a retry that looks like the member's is never later).
-- Either way the 270s per coverage stay within ELIGIBILITY_MAX_ATTEMPTS, and a retry's failure
-- never counts against the payer's breaker (payer_gate.release).
create or replace function eligibility_private.sweep_retry_after_ms(p_attempt integer, p_payer_answering boolean,
  p_base_ms integer, p_member_base_ms integer, p_max_ms integer)
  returns integer language sql immutable set search_path = pg_catalog, public as $$
  select least(p_max_ms::numeric,
               case when p_payer_answering then least(p_member_base_ms, p_base_ms) else p_base_ms end * power(2::numeric, greatest(p_attempt, 1) - 1))::integer;
$$;
comment on function eligibility_private.sweep_retry_after_ms(integer, boolean, integer, integer, integer) is
  'The sweep''s retry backoff: doubling from ELIGIBILITY_MEMBER_RETRY_BASE_MS while the payer answers other 270s, else from ELIGIBILITY_RETRY_BASE_MS.';
