-- GET /claims/:claimId and GET /claims?patientControlNumber= (psql: select billing.fn_get_claim('<id>')):
-- a claim with its history, submissions, acknowledgments and what the payers did: its money
-- (paid, patient responsibility, balance), the payments of posted 835s (a reversal is a negative
-- payment) and every CARC/RARC adjustment at claim and line level, write-offs included. claims.read.
create or replace function billing.claim_detail(c billing.claim) returns json
  language sql stable security invoker set search_path = pg_catalog, public as $$
  select json_build_object(
    'claimId', c.id, 'patientControlNumber', c.patient_control_number, 'status', c.status, 'chargeAmount', c.total_amount::text,
    'frequencyCode', c.frequency_code, 'payerClaimControlNumber', c.payer_claim_control_number, 'rejectionReason', c.rejection_reason,
    'paidAmount', coalesce(c.paid_amount, 0)::text, 'patientResponsibility', c.patient_responsibility_amount::text,
    'adjustmentAmount', c.adjustment_amount::text, 'balance', c.balance::text, 'denialCategory', c.denial_category,
    'primaryClaimId', c.primary_claim_id,
    'payments', (select coalesce(json_agg(json_build_object('remittanceId', p.remittance_id, 'amount', p.paid_amount::text,
                                                            'date', coalesce(r.payment_date, r.received_at::date), 'traceNumber', r.trace_number,
                                                            'claimStatusCode', p.claim_status_code, 'reversed', p.reversed_by is not null)
                                          order by p.posted_at, p.sequence), '[]')
                 from billing.claim_payment p join billing.remittance r on r.tenant_id = p.tenant_id and r.id = p.remittance_id
                 where p.tenant_id = c.tenant_id and p.claim_id = c.id),
    -- The payers' CAS adjustments, then our write-offs (level WRITE_OFF, the biller's reason).
    'adjustments', (select coalesce(json_agg(json_build_object('level', x.level, 'lineNumber', x.line_number, 'group', x.group_code,
                                                               'reason', x.reason, 'amount', x.amount::text, 'remarks', x.remarks)
                                             order by x.at, x.seq), '[]')
                    from (select a.level, a.line_number, a.group_code, a.reason_code as reason, a.amount, a.remark_codes as remarks, p.posted_at as at, p.sequence * 1000 + a.seq as seq
                          from billing.claim_adjustment a join billing.claim_payment p on p.tenant_id = a.tenant_id and p.id = a.claim_payment_id
                          where a.tenant_id = c.tenant_id and a.claim_id = c.id
                          union all
                          select 'WRITE_OFF', null, null, d.reason, d.amount, '{}'::text[], d.recorded_at, 0
                          from billing.denial_action d where d.tenant_id = c.tenant_id and d.claim_id = c.id and d.action = 'WRITE_OFF') x),
    'history', (select coalesce(json_agg(json_build_object('status', h.to_status, 'at', h.occurred_at, 'reason', h.reason) order by h.seq), '[]')
                from billing.claim_status_history h where h.tenant_id = c.tenant_id and h.claim_id = c.id),
    'submissions', (select coalesce(json_agg(json_build_object('submissionId', s.id, 'interchangeControlNumber', s.interchange_control_number,
                                                               'status', s.status, 'createdAt', s.created_at) order by s.created_at), '[]')
                    from billing.claim_submission_claim sc join billing.claim_submission s on s.tenant_id = sc.tenant_id and s.id = sc.submission_id
                    where sc.tenant_id = c.tenant_id and sc.claim_id = c.id),
    'acknowledgments', (select coalesce(json_agg(json_build_object('type', a.kind, 'status', a.status, 'codes', a.codes, 'reason', a.reason, 'at', a.received_at)
                                                 order by a.received_at, a.kind), '[]')
                        from billing.claim_acknowledgment a
                        where a.tenant_id = c.tenant_id and (a.claim_id = c.id or (a.claim_id is null and a.submission_id in
                          (select sc.submission_id from billing.claim_submission_claim sc where sc.tenant_id = c.tenant_id and sc.claim_id = c.id)))));
$$;
grant execute on function billing.claim_detail(billing.claim) to rcm_visitor;
-- Not in GraphQL (PostGraphile 5 reads @behavior; the v4 @omit it ignored left this in the schema).
comment on function billing.claim_detail(billing.claim) is E'@behavior -*';

create or replace function billing.fn_get_claim(claim_id uuid) returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
declare
  v json;
begin
  perform core.assert_permission('claims.read');
  select billing.claim_detail(c) into v from billing.claim c where c.tenant_id = core.current_tenant_id() and c.id = fn_get_claim.claim_id;
  if v is null then
    raise exception 'claim % not found', claim_id using errcode = 'P0002';
  end if;
  return v;
end $$;
grant execute on function billing.fn_get_claim(uuid) to rcm_visitor;

create or replace function billing.fn_find_claims(patient_control_number text) returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('claims.read');
  return (select coalesce(json_agg(billing.claim_detail(c)), '[]') from billing.claim c
          where c.tenant_id = core.current_tenant_id() and c.patient_control_number = upper(trim(fn_find_claims.patient_control_number)));
end $$;
grant execute on function billing.fn_find_claims(text) to rcm_visitor;

comment on function billing.fn_get_claim(uuid) is 'One claim as GET /claims/:claimId shows it: patient control number, status, amounts (paid, patient responsibility, balance), denial category, history, submissions, acknowledgments, payments and adjustments. Needs claims.read.';
comment on function billing.fn_find_claims(text) is 'The claims with a patient control number (CLM01), as GET /claims?patientControlNumber= answers. Needs claims.read.';
