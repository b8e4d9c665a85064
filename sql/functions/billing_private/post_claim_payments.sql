-- Writes the CLPs of a POSTED remittance: each matched claim's payment, its service lines (SVC)
-- and its CAS adjustments at claim and line level; each CLP that matches no claim (CLP01 against
-- our patient control number, then CLP07 against the payer's claim control number) or matches a
-- claim never submitted goes to the unmatched queue whole.
-- Set-based: the transaction's JSON is read once into the staging table pg_temp.remit_clp (the CLPs
-- with their matched claim and the id their payment will get), which
-- billing_private.write_staged_claim_payments writes with one INSERT ... SELECT per table.
create or replace function billing_private.post_claim_payments(p_tenant uuid, p_remittance uuid, tx jsonb) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  perform billing_private.remittance_staging();

  insert into pg_temp.remit_clp (seq, j, claim_id, claim_status, postable, payment_id)
  select c.ordinality::int, c.value, m.id, m.status, m.status in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED'), uuidv7()
  from jsonb_array_elements(coalesce(tx -> 'claims', '[]')) with ordinality c
  left join billing.claim by_pcn on by_pcn.tenant_id = p_tenant and by_pcn.patient_control_number = c.value ->> 'patientControlNumber'
  left join lateral (
    select cl.id, cl.status from billing.claim cl
     where by_pcn.id is null and cl.tenant_id = p_tenant and cl.payer_claim_control_number = c.value ->> 'payerClaimControlNumber'
     limit 1) by_icn on true
  cross join lateral (select coalesce(by_pcn.id, by_icn.id) as id, coalesce(by_pcn.status, by_icn.status) as status) m;

  perform billing_private.write_staged_claim_payments(p_tenant, p_remittance);
end $$;
