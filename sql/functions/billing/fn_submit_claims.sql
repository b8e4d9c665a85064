-- POST /claims/submit, the submitClaims mutation, psql and the nightly cycle: puts BUILT claims
-- into 837P submissions, one per tenant and claims trading partner, each with its own ISA13
-- (reserved from the partner's control numbers, shared with 270s so none is ever reused), and
-- enqueues its claims/send-submission job in the same transaction. Claims move to SUBMITTED.
--   claim_ids given: all or nothing; any claim that cannot go returns its errors and nothing is written.
--   claim_ids null:  every BUILT claim not already in an open submission; claims that fail the
--                    checks are skipped and returned as error rows beside the submissions.
create or replace function billing.fn_submit_claims(claim_ids uuid[] default null) returns setof billing.claim_submit_outcome
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
begin
  if claim_ids is not null and cardinality(claim_ids) = 0 then
    raise exception 'claimIds must not be empty (leave it out to submit every BUILT claim)' using errcode = '22023';
  end if;
  if claim_ids is not null and array_position(claim_ids, null) is not null then
    raise exception 'claimIds must not contain null (position %)', array_position(claim_ids, null) using errcode = '22023';
  end if;
  return query select * from billing_private.submit_claims(v_tenants, claim_ids, coalesce(core.current_user_id(), session_user::text));
end $$;
grant execute on function billing.fn_submit_claims(uuid[]) to rcm_visitor;

comment on function billing.fn_submit_claims(uuid[]) is 'Submits BUILT claims (the given ones, or all of the tenant''s when null): one submission per trading partner, its 837P sent by the worker; claims missing data are reported per claim and nothing is written for them. Needs claims.write.';
