-- Writes the CLPs of a POSTED remittance from the staging tables billing_private.stage_remittance
-- filled: each matched claim's payment, its service lines (SVC) and its CAS adjustments at claim
-- and line level; each CLP that matches no claim or matches a claim never submitted goes to the
-- unmatched queue whole. One INSERT ... SELECT per table. Also called for one CLP an operator
-- matched later (billing.fn_match_unmatched_remittance_claim stages it alone, bound to the claim).
create or replace function billing_private.post_claim_payments(p_tenant uuid, p_remittance uuid) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  -- The matched claims are locked in one order, so that two remittances never deadlock.
  perform 1 from billing.claim cl
   where cl.tenant_id = p_tenant and cl.id in (select claim_id from pg_temp.remit_clp where claim_id is not null)
   order by cl.id for update;

  insert into billing.unmatched_remittance_claim (tenant_id, remittance_id, sequence, patient_control_number, payer_claim_control_number,
                                                  claim_status_code, charge_amount, paid_amount, detail, reason)
  select p_tenant, p_remittance, seq, j ->> 'patientControlNumber', icn, status_code, charge, paid, j,
         case when claim_id is null then 'No claim has patient control number ' || coalesce(j ->> 'patientControlNumber', '(none)')
                || ' or payer claim control number ' || coalesce(icn, '(none)')
              else 'Claim ' || claim_id || ' is ' || claim_status || ': it was never submitted, so the payer cannot have paid it' end
  from pg_temp.remit_clp
  where not coalesce(postable, false);

  insert into billing.claim_payment (tenant_id, id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount,
                                     patient_responsibility, adjustment_amount, filing_indicator, payer_claim_control_number,
                                     crossover_payer_name, crossover_payer_id, denial_reason_code, denial_category)
  select p_tenant, clp.payment_id, p_remittance, clp.claim_id, clp.seq, clp.status_code, clp.charge, clp.paid, coalesce(t.pr, 0), coalesce(t.other, 0),
         clp.filing_indicator, clp.icn, coalesce(clp.crossover ->> 'lastName', clp.crossover ->> 'name'), clp.crossover ->> 'id',
         d.reason, case when d.reason is not null then coalesce((select k.denial_category from x12_code.carc k where k.code = d.reason), 'OTHER') end
  from pg_temp.remit_clp clp
  left join (
    select seq,
           sum(amount) filter (where group_code = 'PR') as pr,
           sum(amount) filter (where group_code <> 'PR') as other,
           -- The denial is the largest non-patient adjustment whose CARC denies: a contractual
           -- reduction (CO-45) beside a patient share is not one, however large.
           (array_agg(reason_code order by amount desc, ord) filter (where group_code <> 'PR' and coalesce(k.denies, true)))[1] as main_reason
    from pg_temp.remit_cas left join x12_code.carc k on k.code = reason_code where postable group by seq
  ) t on t.seq = clp.seq
  cross join lateral (select case when clp.paid = 0 and nullif(clp.status_code, '') <> '22' then t.main_reason end as reason) d
  where clp.postable;

  insert into billing.claim_service_payment (tenant_id, claim_payment_id, line_number, procedure_code, modifiers, original_procedure_code,
                                             charge_amount, paid_amount, units, service_date, allowed_amount, remark_codes)
  select p_tenant, payment_id, line_number, coalesce(procedure ->> 'code', procedure #>> '{}', ''), coalesce(modifiers, '{}'),
         coalesce(original_procedure ->> 'code', original_procedure #>> '{}'), charge, paid, units, service_date::date, allowed, remarks
  from pg_temp.remit_svc
  where postable;

  insert into billing.claim_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select p_tenant, payment_id, ord, claim_id, level, line_number, group_code, reason_code, amount, quantity, remark_codes
  from pg_temp.remit_cas
  where postable;
end $$;
