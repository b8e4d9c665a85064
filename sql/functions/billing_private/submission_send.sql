-- The send side of a submission's state machine (CREATED -> SENT), called by the
-- claims/send-submission task as owner with the tenant explicit.

-- Keeps the file of a submission: the first call stores it, later calls (a re-fired job) get
-- the stored bytes back, so the same interchange is sent again, never a second one.
create or replace function billing_private.fn_store_submission_file(p_tenant_id uuid, p_submission_id uuid, p_x12 text)
  returns text language sql volatile security definer set search_path = pg_catalog, public as $$
  with stored as (
    update billing.claim_submission s set x12 = p_x12, x12_bytes = octet_length(p_x12)
    where s.tenant_id = p_tenant_id and s.id = p_submission_id and s.x12 is null
    returning s.x12
  )
  select coalesce((select x12 from stored), (select s.x12 from billing.claim_submission s where s.tenant_id = p_tenant_id and s.id = p_submission_id));
$$;

-- The partner confirmed receipt: SENT with the receipt. A repeated call (re-sent copy) keeps the
-- first sent_at and counts the attempt.
create or replace function billing_private.fn_mark_submission_sent(p_tenant_id uuid, p_submission_id uuid, p_receipt jsonb)
  returns billing.claim_submission language sql volatile security definer set search_path = pg_catalog, public as $$
  update billing.claim_submission s
     set status = case when s.status = 'CREATED' then 'SENT' else s.status end,
         sent_at = coalesce(s.sent_at, now()), receipt = p_receipt, send_attempts = s.send_attempts + 1, last_error = null
   where s.tenant_id = p_tenant_id and s.id = p_submission_id
  returning *;
$$;

-- A send that failed (transport, credentials, partner error): recorded; the job retries.
create or replace function billing_private.fn_record_submission_send_failure(p_tenant_id uuid, p_submission_id uuid, p_error text, p_receipt jsonb)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  update billing.claim_submission s set send_attempts = s.send_attempts + 1, last_error = left(p_error, 2000), receipt = coalesce(p_receipt, s.receipt)
  where s.tenant_id = p_tenant_id and s.id = p_submission_id;
$$;
