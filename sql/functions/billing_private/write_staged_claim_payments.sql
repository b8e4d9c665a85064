-- Writes the CLPs staged in pg_temp.remit_clp (billing_private.remittance_staging) for a POSTED
-- remittance: the postable ones as claim payments with their service lines (SVC) and CAS
-- adjustments at claim and line level, the others to the unmatched queue whole. Called by
-- billing_private.post_claim_payments (every CLP of an 835) and by
-- billing.fn_match_unmatched_remittance_claim (one CLP an operator matched later).
-- Set-based: every CAS is read once into pg_temp.remit_cas with its order, then one INSERT ...
-- SELECT per table. Per-row function calls are avoided on purpose (a SQL function with SET
-- search_path costs ~40 us a call, more than the row it fills).
create or replace function billing_private.write_staged_claim_payments(p_tenant uuid, p_remittance uuid) returns void
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
  select p_tenant, p_remittance, seq, j ->> 'patientControlNumber', j ->> 'payerClaimControlNumber', j ->> 'status',
         (j ->> 'chargeAmount')::numeric, (j ->> 'paymentAmount')::numeric, j,
         case when claim_id is null then 'No claim has patient control number ' || coalesce(j ->> 'patientControlNumber', '(none)')
                || ' or payer claim control number ' || coalesce(j ->> 'payerClaimControlNumber', '(none)')
              else 'Claim ' || claim_id || ' is ' || claim_status || ': it was never submitted, so the payer cannot have paid it' end
  from pg_temp.remit_clp
  where not coalesce(postable, false);

  -- Every CAS of the posted CLPs, claim level first then line by line, numbered in that order;
  -- each carries the remark codes (RARC) of its claim or service line.
  insert into pg_temp.remit_cas (seq, claim_id, payment_id, ord, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select a.seq, a.claim_id, a.payment_id, row_number() over (partition by a.seq order by a.line_order, a.adj_order), a.level, a.line_number,
         a.cas ->> 'group', a.cas ->> 'reason', (a.cas ->> 'amount')::numeric, (a.cas ->> 'quantity')::numeric,
         coalesce((select array_agg(case jsonb_typeof(r) when 'object' then r ->> 'code' else r #>> '{}' end order by o)
                     from jsonb_array_elements(case jsonb_typeof(a.remarks) when 'array' then a.remarks else '[]' end) with ordinality x(r, o)), '{}')
  from (
    select clp.seq, clp.claim_id, clp.payment_id, 'CLAIM' as level, null::smallint as line_number, 0::bigint as line_order, ca.ordinality as adj_order,
           ca.value as cas, clp.j -> 'remarks' as remarks
    from pg_temp.remit_clp clp, jsonb_array_elements(coalesce(clp.j -> 'adjustments', '[]')) with ordinality ca
    where clp.postable
    union all
    select clp.seq, clp.claim_id, clp.payment_id, 'LINE', s.ordinality::smallint, s.ordinality, la.ordinality, la.value, s.value -> 'remarks'
    from pg_temp.remit_clp clp, jsonb_array_elements(coalesce(clp.j -> 'services', '[]')) with ordinality s,
         jsonb_array_elements(coalesce(s.value -> 'adjustments', '[]')) with ordinality la
    where clp.postable
  ) a;

  insert into billing.claim_payment (tenant_id, id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount,
                                     patient_responsibility, adjustment_amount, filing_indicator, payer_claim_control_number,
                                     crossover_payer_name, crossover_payer_id, denial_reason_code, denial_category)
  select p_tenant, clp.payment_id, p_remittance, clp.claim_id, clp.seq, coalesce(clp.j ->> 'status', ''), (clp.j ->> 'chargeAmount')::numeric,
         (clp.j ->> 'paymentAmount')::numeric, coalesce(t.pr, 0), coalesce(t.other, 0), clp.j ->> 'filingIndicator',
         clp.j ->> 'payerClaimControlNumber', coalesce(clp.j -> 'crossover' ->> 'lastName', clp.j -> 'crossover' ->> 'name'), clp.j -> 'crossover' ->> 'id',
         d.reason, case when d.reason is not null then coalesce((select k.denial_category from x12_code.carc k where k.code = d.reason), 'OTHER') end
  from pg_temp.remit_clp clp
  left join (
    select seq,
           sum(amount) filter (where group_code = 'PR') as pr,
           sum(amount) filter (where group_code <> 'PR') as other,
           -- The denial is the largest non-patient adjustment whose CARC denies: a contractual
           -- reduction (CO-45) beside a patient share is not one, however large.
           (array_agg(reason_code order by amount desc, ord) filter (where group_code <> 'PR' and coalesce(k.denies, true)))[1] as main_reason
    from pg_temp.remit_cas left join x12_code.carc k on k.code = reason_code group by seq
  ) t on t.seq = clp.seq
  cross join lateral (select case when (clp.j ->> 'paymentAmount')::numeric = 0 and clp.j ->> 'status' <> '22' then t.main_reason end as reason) d
  where clp.postable;

  insert into billing.claim_service_payment (tenant_id, claim_payment_id, line_number, procedure_code, modifiers, original_procedure_code,
                                             charge_amount, paid_amount, units, service_date, allowed_amount, remark_codes)
  select p_tenant, clp.payment_id, s.ordinality, coalesce(s.value -> 'procedure' ->> 'code', s.value ->> 'procedure', ''),
         coalesce(array(select jsonb_array_elements_text(s.value -> 'modifiers')), '{}'), coalesce(s.value -> 'originalProcedure' ->> 'code', s.value ->> 'originalProcedure'),
         (s.value ->> 'chargeAmount')::numeric, (s.value ->> 'paymentAmount')::numeric, (s.value ->> 'units')::numeric,
         (coalesce(s.value ->> 'serviceDate', s.value ->> 'date'))::date, (s.value ->> 'allowedAmount')::numeric,
         coalesce((select array_agg(case jsonb_typeof(r) when 'object' then r ->> 'code' else r #>> '{}' end order by o)
                     from jsonb_array_elements(case jsonb_typeof(s.value -> 'remarks') when 'array' then s.value -> 'remarks' else '[]' end) with ordinality x(r, o)), '{}')
  from pg_temp.remit_clp clp, jsonb_array_elements(coalesce(clp.j -> 'services', '[]')) with ordinality s
  where clp.postable;

  insert into billing.claim_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select p_tenant, payment_id, ord, claim_id, level, line_number, group_code, reason_code, amount, quantity, remark_codes
  from pg_temp.remit_cas;
end $$;
