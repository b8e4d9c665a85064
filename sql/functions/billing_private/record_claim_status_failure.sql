-- A 276 that got no 277 (timeout, connection refused, HTTP error, a 999 or an answer we cannot
-- read): the inquiry is FAILED with the error; the claim is due again at the next run.
create or replace function billing_private.fn_record_claim_status_failure(p_tenant_id uuid, p_inquiry_id uuid, p_http_status integer, p_error text)
  returns boolean language sql volatile security definer set search_path = pg_catalog, public as $$
  with failed as (
    update billing.claim_status_inquiry i set status = 'FAILED', finished_at = now(), http_status = p_http_status, error = left(p_error, 500)
    where i.tenant_id = p_tenant_id and i.id = p_inquiry_id and i.status = 'SENDING'
    returning 1
  )
  select exists (select 1 from failed);
$$;
revoke all on function billing_private.fn_record_claim_status_failure(uuid, uuid, integer, text) from public;
