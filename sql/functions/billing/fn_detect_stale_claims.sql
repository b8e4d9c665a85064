-- Runs stale-claim detection now for the caller's tenant (the nightly job runs it too). Needs claims.write.
create or replace function billing.fn_detect_stale_claims() returns jsonb
  language sql volatile security definer
  set search_path = pg_catalog, public
  as $$ select billing_private.detect_stale_claims(billing_private.caller_tenants('claims.write')) $$;
grant execute on function billing.fn_detect_stale_claims() to rcm_visitor;

comment on function billing.fn_detect_stale_claims() is 'Runs stale-claim detection now for the caller''s tenant (the nightly job runs it too). Needs claims.write.';
