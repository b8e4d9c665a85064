-- Writes the CLPs of a POSTED remittance: each matched claim's payment, its service lines (SVC)
-- and its CAS adjustments at claim and line level; each CLP that matches no claim (CLP01 against
-- our patient control number, then CLP07 against the payer's claim control number) or matches a
-- claim never submitted goes to the unmatched queue whole. Set-based: one statement per table.
create or replace function billing_private.post_claim_payments(p_tenant uuid, p_remittance uuid, tx jsonb) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  create temporary table if not exists pg_temp.remit_clp (seq int primary key, j jsonb, claim_id uuid, claim_status text) on commit drop;
  truncate pg_temp.remit_clp;
  insert into pg_temp.remit_clp (seq, j, claim_id, claim_status)
  select c.ordinality::int, c.value, m.id, m.status
  from jsonb_array_elements(coalesce(tx -> 'claims', '[]')) with ordinality c
  left join lateral (
    select x.id, x.status from (
      select cl.id, cl.status, 1 as rank from billing.claim cl
       where cl.tenant_id = p_tenant and cl.patient_control_number = c.value ->> 'patientControlNumber'
      union all
      select cl.id, cl.status, 2 from billing.claim cl
       where cl.tenant_id = p_tenant and cl.payer_claim_control_number = c.value ->> 'payerClaimControlNumber'
    ) x order by x.rank limit 1) m on true;

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
  where claim_id is null or claim_status not in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED');

  with clp as (
    select seq, j, claim_id from pg_temp.remit_clp where claim_id is not null and claim_status in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED')
  ), adj as (
    select clp.seq, clp.claim_id, 'CLAIM' as level, null::smallint as line_number, 0 as line_order, a.ordinality as adj_order, a.value as a
    from clp, jsonb_array_elements(coalesce(clp.j -> 'adjustments', '[]')) with ordinality a
    union all
    select clp.seq, clp.claim_id, 'LINE', s.ordinality::smallint, s.ordinality, a.ordinality, a.value
    from clp, jsonb_array_elements(coalesce(clp.j -> 'services', '[]')) with ordinality s,
         jsonb_array_elements(coalesce(s.value -> 'adjustments', '[]')) with ordinality a
  ), totals as (
    select seq,
           coalesce(sum((a ->> 'amount')::numeric) filter (where a ->> 'group' = 'PR'), 0) as pr,
           coalesce(sum((a ->> 'amount')::numeric) filter (where a ->> 'group' <> 'PR'), 0) as other,
           (array_agg(a ->> 'reason' order by (a ->> 'amount')::numeric desc, line_order, adj_order) filter (where a ->> 'group' <> 'PR'))[1] as main_reason
    from adj group by seq
  ), payment as (
    insert into billing.claim_payment (tenant_id, remittance_id, claim_id, sequence, claim_status_code, charge_amount, paid_amount,
                                       patient_responsibility, adjustment_amount, filing_indicator, payer_claim_control_number,
                                       crossover_payer_name, crossover_payer_id, denial_reason_code, denial_category)
    select p_tenant, p_remittance, clp.claim_id, clp.seq, coalesce(clp.j ->> 'status', ''), (clp.j ->> 'chargeAmount')::numeric,
           (clp.j ->> 'paymentAmount')::numeric, coalesce(t.pr, 0), coalesce(t.other, 0), clp.j ->> 'filingIndicator',
           clp.j ->> 'payerClaimControlNumber', coalesce(clp.j -> 'crossover' ->> 'lastName', clp.j -> 'crossover' ->> 'name'), clp.j -> 'crossover' ->> 'id',
           case when (clp.j ->> 'paymentAmount')::numeric = 0 and clp.j ->> 'status' <> '22' then t.main_reason end,
           case when (clp.j ->> 'paymentAmount')::numeric = 0 and clp.j ->> 'status' <> '22' and t.main_reason is not null
                then coalesce((select k.denial_category from x12_code.carc k where k.code = t.main_reason), 'OTHER') end
    from clp left join totals t on t.seq = clp.seq
    returning id, sequence
  ), service as (
    insert into billing.claim_service_payment (tenant_id, claim_payment_id, line_number, procedure_code, modifiers, original_procedure_code,
                                               charge_amount, paid_amount, units, service_date, allowed_amount, remark_codes)
    select p_tenant, p.id, s.ordinality, coalesce(s.value -> 'procedure' ->> 'code', s.value ->> 'procedure', ''),
           coalesce(array(select jsonb_array_elements_text(s.value -> 'modifiers')), '{}'), coalesce(s.value -> 'originalProcedure' ->> 'code', s.value ->> 'originalProcedure'),
           (s.value ->> 'chargeAmount')::numeric, (s.value ->> 'paymentAmount')::numeric, (s.value ->> 'units')::numeric,
           (coalesce(s.value ->> 'serviceDate', s.value ->> 'date'))::date, (s.value ->> 'allowedAmount')::numeric,
           billing_private.remark_codes(s.value -> 'remarks')
    from payment p join clp on clp.seq = p.sequence, jsonb_array_elements(coalesce(clp.j -> 'services', '[]')) with ordinality s
  )
  insert into billing.claim_adjustment (tenant_id, claim_payment_id, seq, claim_id, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select p_tenant, p.id, row_number() over (partition by p.id order by adj.line_order, adj.adj_order), adj.claim_id, adj.level, adj.line_number,
         adj.a ->> 'group', adj.a ->> 'reason', (adj.a ->> 'amount')::numeric, (adj.a ->> 'quantity')::numeric,
         billing_private.remark_codes(case when adj.level = 'CLAIM' then clp.j -> 'remarks'
                                          else clp.j -> 'services' -> (adj.line_number - 1) -> 'remarks' end)
  from payment p join adj on adj.seq = p.sequence join clp on clp.seq = p.sequence;
end $$;
