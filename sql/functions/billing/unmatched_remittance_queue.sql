-- The unmatched-claims queue as operators work it: the open CLPs of posted 835s that matched none
-- of our claims, grouped by the 835's payer (an unknown payer by the name the 835 gave), with counts,
-- amounts and the oldest. RLS on billing.unmatched_remittance_claim keeps it to the caller's tenant.
create or replace view billing.unmatched_remittance_queue with (security_invoker = true) as
select u.tenant_id, r.payer_id, p.code as payer_code, coalesce(p.name, r.payer_name, r.payer_identifier) as payer_name,
       count(*)::int as open_count,
       count(*) filter (where u.assigned_to is null)::int as unassigned_count,
       sum(u.charge_amount) as charge_amount,
       sum(u.paid_amount) as paid_amount,
       min(u.created_at) as oldest_at
from billing.unmatched_remittance_claim u
join billing.remittance r on r.tenant_id = u.tenant_id and r.id = u.remittance_id
left join core.payer p on p.tenant_id = r.tenant_id and p.id = r.payer_id
where u.status = 'OPEN'
group by u.tenant_id, r.payer_id, p.code, coalesce(p.name, r.payer_name, r.payer_identifier);
grant select on billing.unmatched_remittance_queue to rcm_visitor;
comment on view billing.unmatched_remittance_queue is 'Open unmatched 835 claims grouped by payer: how many, how many unassigned, charged and paid amounts, the oldest. Needs claims.read.';

-- GET /remittances/unmatched: the open queue grouped by payer, each group with its items.
create or replace function billing.fn_unmatched_remittance_queue() returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('claims.read');
  return json_build_object('groups', (
    select coalesce(json_agg(json_build_object('payerId', g.payer_id, 'payerCode', g.payer_code, 'payerName', g.payer_name,
             'openCount', g.open_count, 'unassignedCount', g.unassigned_count, 'chargeAmount', g.charge_amount::text,
             'paidAmount', g.paid_amount::text, 'oldestAt', g.oldest_at,
             'items', (select json_agg(json_build_object('unmatchedId', u.id, 'remittanceId', u.remittance_id, 'traceNumber', r.trace_number,
                                                         'paymentDate', r.payment_date, 'patientControlNumber', u.patient_control_number,
                                                         'payerClaimControlNumber', u.payer_claim_control_number, 'claimStatusCode', u.claim_status_code,
                                                         'chargeAmount', u.charge_amount::text, 'paidAmount', u.paid_amount::text,
                                                         'patientName', nullif(concat_ws(', ', u.detail -> 'patient' ->> 'lastName', u.detail -> 'patient' ->> 'firstName'), ''),
                                                         'reason', u.reason, 'assignedTo', u.assigned_to, 'createdAt', u.created_at) order by u.created_at, u.sequence)
                       from billing.unmatched_remittance_claim u join billing.remittance r on r.tenant_id = u.tenant_id and r.id = u.remittance_id
                       where u.status = 'OPEN'
                         and (r.payer_id = g.payer_id
                              or (g.payer_id is null and r.payer_id is null and coalesce(r.payer_name, r.payer_identifier) is not distinct from g.payer_name))))
           order by g.open_count desc, g.payer_name), '[]')
    from billing.unmatched_remittance_queue g));
end $$;
grant execute on function billing.fn_unmatched_remittance_queue() to rcm_visitor;
comment on function billing.fn_unmatched_remittance_queue() is 'Open unmatched 835 claims grouped by payer with their items (patient control number, payer claim number, amounts, assignee), as GET /remittances/unmatched answers. Needs claims.read.';
