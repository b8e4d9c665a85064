-- Runs the timely-filing check now for the caller's tenant (the nightly job runs it too). Needs claims.write.
create or replace function billing.fn_check_timely_filing() returns jsonb
  language sql volatile security definer
  set search_path = pg_catalog, public
  as $$ select billing_private.check_timely_filing(billing_private.caller_tenants('claims.write')) $$;
grant execute on function billing.fn_check_timely_filing() to rcm_visitor;

comment on function billing.fn_check_timely_filing() is 'Runs the timely-filing check now for the caller''s tenant (the nightly job runs it too). Needs claims.write.';
