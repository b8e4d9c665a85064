-- GET /claims/:claimId and GET /claims?patientControlNumber= (psql: select billing.fn_get_claim('<id>')):
-- a claim with its history, submissions and acknowledgments. claims.read.
create or replace function billing.claim_detail(c billing.claim) returns json
  language sql stable security invoker set search_path = pg_catalog, public as $$
  select json_build_object(
    'claimId', c.id, 'patientControlNumber', c.patient_control_number, 'status', c.status, 'chargeAmount', c.total_amount::text,
    'frequencyCode', c.frequency_code, 'payerClaimControlNumber', c.payer_claim_control_number, 'rejectionReason', c.rejection_reason,
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
comment on function billing.claim_detail(billing.claim) is E'@omit';

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

comment on function billing.fn_get_claim(uuid) is 'One claim as GET /claims/:claimId shows it: patient control number, status, amounts, history, submissions and acknowledgments. Needs claims.read.';
comment on function billing.fn_find_claims(text) is 'The claims with a patient control number (CLM01), as GET /claims?patientControlNumber= answers. Needs claims.read.';
