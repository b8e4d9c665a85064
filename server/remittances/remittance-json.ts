// GET /remittances/:id answers: the remittance with its claim payments, adjustments, PLBs and unmatched CLPs.
import type { PoolClient } from 'pg';

export async function remittanceJson(client: PoolClient, id: string): Promise<Record<string, unknown> | null> {
  const { rows } = await client.query(
    `select r.id as "remittanceId", r.status, r.reason, r.trace_number as "traceNumber", r.payment_amount as "paymentAmount",
            r.credit_debit as "creditDebit", r.payment_method as "paymentMethod", r.payment_date as "paymentDate",
            r.payer_name as "payerName", r.payer_identifier as "payerIdentifier", r.payer_id as "payerId", r.payee_npi as "payeeNpi",
            r.claim_count as "claimCount", r.claims_posted as "claimsPosted", r.claims_unmatched as "claimsUnmatched",
            r.duplicate_of as "duplicateOf", r.received_at as "receivedAt",
            coalesce((select json_agg(json_build_object('claimId', p.claim_id, 'patientControlNumber', c.patient_control_number,
                        'claimStatusCode', p.claim_status_code, 'chargeAmount', p.charge_amount::text, 'paidAmount', p.paid_amount::text,
                        'patientResponsibility', p.patient_responsibility::text, 'payerClaimControlNumber', p.payer_claim_control_number,
                        'denialCategory', p.denial_category, 'crossoverPayer', p.crossover_payer_name, 'reversed', p.reversed_by is not null,
                        'adjustments', (select coalesce(json_agg(json_build_object('level', a.level, 'lineNumber', a.line_number, 'group', a.group_code,
                                          'reason', a.reason_code, 'amount', a.amount::text, 'remarks', a.remark_codes) order by a.seq), '[]')
                                        from billing.claim_adjustment a where a.tenant_id = p.tenant_id and a.claim_payment_id = p.id))
                      order by p.sequence)
                      from billing.claim_payment p join billing.claim c on c.tenant_id = p.tenant_id and c.id = p.claim_id
                      where p.tenant_id = r.tenant_id and p.remittance_id = r.id), '[]') as claims,
            coalesce((select json_agg(json_build_object('reason', x.reason_code, 'reference', x.reference, 'amount', x.amount::text) order by x.seq)
                      from billing.provider_adjustment x where x.tenant_id = r.tenant_id and x.remittance_id = r.id), '[]') as "providerAdjustments",
            coalesce((select json_agg(json_build_object('patientControlNumber', u.patient_control_number, 'paidAmount', u.paid_amount::text,
                        'status', u.status, 'reason', u.reason, 'assignedTo', u.assigned_to, 'resolution', u.resolution,
                        'claimId', u.resolved_claim_id, 'note', u.resolution_note) order by u.sequence)
                      from billing.unmatched_remittance_claim u where u.tenant_id = r.tenant_id and u.remittance_id = r.id), '[]') as unmatched
     from billing.remittance r where r.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
