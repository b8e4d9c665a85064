-- GET /claims/submissions/:id (psql: select billing.fn_get_claim_submission('<id>')): the
-- submission, its claims with their state, and what the partner acknowledged. claims.read.
create or replace function billing.fn_get_claim_submission(submission_id uuid) returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
declare
  v json;
begin
  perform core.assert_permission('claims.read');
  select json_build_object(
    'submissionId', s.id, 'tradingPartnerId', s.trading_partner_id, 'tradingPartnerName', billing.fn_claim_submission_partner_name(s.trading_partner_id), 'status', s.status,
    'interchangeControlNumber', s.interchange_control_number, 'claimCount', s.claim_count, 'totalAmount', s.total_amount::text,
    'createdAt', s.created_at, 'sentAt', s.sent_at, 'acknowledgedAt', s.acknowledged_at, 'rejectionReason', s.rejection_reason,
    'sendAttempts', s.send_attempts, 'lastError', s.last_error, 'fileBytes', s.x12_bytes, 'receipt', s.receipt,
    'claimsAccepted', (select count(*) from billing.claim_acknowledgment a where a.tenant_id = s.tenant_id and a.submission_id = s.id and a.kind = '277CA' and a.status = 'ACCEPTED'),
    'claimsRejected', (select count(*) from billing.claim_submission_claim sc join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id
                       where sc.tenant_id = s.tenant_id and sc.submission_id = s.id and sc.closed_at is not null
                         and exists (select 1 from billing.claim_status_history h where h.tenant_id = c.tenant_id and h.claim_id = c.id and h.to_status = 'REJECTED' and h.recorded_at >= s.created_at)),
    'claims', (select coalesce(json_agg(json_build_object('claimId', c.id, 'patientControlNumber', c.patient_control_number, 'status', c.status,
                                                         'chargeAmount', c.total_amount::text, 'transactionSetControlNumber', sc.transaction_set_control_number,
                                                         'open', sc.closed_at is null) order by c.patient_control_number), '[]')
               from billing.claim_submission_claim sc join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id
               where sc.tenant_id = s.tenant_id and sc.submission_id = s.id),
    'acknowledgments', (select coalesce(json_agg(json_build_object('type', a.kind, 'status', a.status, 'claimId', a.claim_id, 'reason', a.reason, 'at', a.received_at)
                                                 order by a.received_at), '[]')
                        from billing.claim_acknowledgment a where a.tenant_id = s.tenant_id and a.submission_id = s.id and a.claim_id is null))
  into v
  from billing.claim_submission s
  where s.tenant_id = core.current_tenant_id() and s.id = fn_get_claim_submission.submission_id;
  if v is null then
    raise exception 'claim submission % not found', submission_id using errcode = 'P0002';
  end if;
  return v;
end $$;
grant execute on function billing.fn_get_claim_submission(uuid) to rcm_visitor;

-- GET /claims/submissions/:id/x12: the exact bytes sent. claims.read.
create or replace function billing.fn_get_claim_submission_file(submission_id uuid) returns text
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
declare
  v billing.claim_submission;
begin
  perform core.assert_permission('claims.read');
  select * into v from billing.claim_submission s where s.tenant_id = core.current_tenant_id() and s.id = fn_get_claim_submission_file.submission_id;
  if v.id is null then
    raise exception 'claim submission % not found', submission_id using errcode = 'P0002';
  end if;
  if v.x12 is null then
    raise exception 'claim submission % has no file yet (status %): it is written when the submission is sent', submission_id, v.status using errcode = '55000';
  end if;
  return v.x12;
end $$;
grant execute on function billing.fn_get_claim_submission_file(uuid) to rcm_visitor;

-- GET /claims/submissions: the latest submissions (at most 200), newest first. claims.read.
create or replace function billing.fn_list_claim_submissions(status text default null) returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('claims.read');
  return (select coalesce(json_agg(x.j order by x.created_at desc), '[]') from (
    select s.created_at, json_build_object('submissionId', s.id, 'tradingPartnerId', s.trading_partner_id, 'tradingPartnerName', billing.fn_claim_submission_partner_name(s.trading_partner_id), 'status', s.status,
             'interchangeControlNumber', s.interchange_control_number, 'claimCount', s.claim_count, 'totalAmount', s.total_amount::text,
             'createdAt', s.created_at, 'sentAt', s.sent_at, 'acknowledgedAt', s.acknowledged_at, 'rejectionReason', s.rejection_reason) as j
    from billing.claim_submission s
    where s.tenant_id = core.current_tenant_id() and (fn_list_claim_submissions.status is null or s.status = upper(fn_list_claim_submissions.status))
    order by s.created_at desc limit 200) x);
end $$;
grant execute on function billing.fn_list_claim_submissions(text) to rcm_visitor;

comment on function billing.fn_get_claim_submission(uuid) is 'One claim submission (an 837P interchange to a trading partner): state, ISA13, claims with their outcome, acknowledgments, receipt. Needs claims.read.';
comment on function billing.fn_get_claim_submission_file(uuid) is 'The exact 837P bytes sent for a submission. Needs claims.read.';
comment on function billing.fn_list_claim_submissions(text) is 'The tenant''s claim submissions, newest first, optionally of one state. Needs claims.read.';
