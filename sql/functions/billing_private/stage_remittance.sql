-- Reads one 835 transaction (the parsed JSON) into session-local staging tables, one
-- jsonb_to_recordset per level, typed as it is read: pg_temp.remit_clp (each CLP with the claim it
-- matches, CLP01 against our patient control number then CLP07 against the payer's claim control
-- number, whether that claim can be paid and the id its payment will get), pg_temp.remit_svc
-- (each SVC) and pg_temp.remit_cas (each CAS, claim level first then line by line, numbered in
-- that order, with the remark codes of its claim or line). The balancing
-- (remittance_balance_failures) and the posting (post_claim_payments) read these tables instead
-- of walking the JSON again. Per-row function calls and per-row subqueries are avoided on purpose
-- (a correlated subquery over a JSON array costs ~10 us a row, more than the row it fills): remark
-- lists, empty on most rows, are only unpacked when present. A bad amount raises 22P02.
-- The service stages the same rows from columns instead (stage_remittance_columns): parsing this
-- JSON into jsonb and walking it was half of the posting's staging CPU.
create or replace function billing_private.stage_remittance(p_tenant uuid, tx jsonb) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  perform billing_private.empty_remittance_staging();

  -- Remark codes come as strings (LQ*HE) or as {source, code} (MIA/MOA): one text[] either way.
  insert into pg_temp.remit_clp (seq, j, pcn, claim_id, claim_status, postable, payment_id, status_code, charge, paid, filing_indicator, icn, crossover,
                                 remarks, adjustments, services)
  select c.ordinality::int, case when m.status in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED') then null else c.value end,
         r."patientControlNumber", m.id, m.status, m.status in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED'), uuidv7(),
         coalesce(r.status, ''), r."chargeAmount", r."paymentAmount", r."filingIndicator", r."payerClaimControlNumber", r.crossover,
         case when jsonb_typeof(r.remarks) = 'array' and r.remarks <> '[]'
              then (select array_agg(case jsonb_typeof(x) when 'object' then x ->> 'code' else x #>> '{}' end order by o) from jsonb_array_elements(r.remarks) with ordinality e(x, o))
              else '{}' end,
         r.adjustments, r.services
  from jsonb_array_elements(coalesce(tx -> 'claims', '[]')) with ordinality c
  cross join lateral jsonb_to_record(c.value) as r("patientControlNumber" text, status text, "chargeAmount" numeric, "paymentAmount" numeric,
                                                   "filingIndicator" text, "payerClaimControlNumber" text, crossover jsonb, remarks jsonb, adjustments jsonb, services jsonb)
  left join billing.claim by_pcn on by_pcn.tenant_id = p_tenant and by_pcn.patient_control_number = r."patientControlNumber"
  left join lateral (
    -- CLP07 through billing_private.claim_lookup's index of payer claim control numbers (migration 61)
    select cl.id, cl.status from billing_private.claim_lookup k join billing.claim cl on cl.tenant_id = k.tenant_id and cl.id = k.claim_id
     where by_pcn.id is null and k.tenant_id = p_tenant and k.payer_claim_control_number = r."payerClaimControlNumber"
     limit 1) by_icn on true
  cross join lateral (select coalesce(by_pcn.id, by_icn.id) as id, coalesce(by_pcn.status, by_icn.status) as status) m;

  insert into pg_temp.remit_svc (seq, postable, payment_id, claim_id, line_number, procedure, modifiers, original_procedure, charge, paid, units, service_date,
                                 allowed, remarks, adjustments)
  select clp.seq, clp.postable, clp.payment_id, clp.claim_id, s.line_number, s.procedure, s.modifiers, s."originalProcedure", s."chargeAmount", s."paymentAmount",
         s.units, coalesce(s."serviceDate", s.date), s."allowedAmount",
         case when jsonb_typeof(s.remarks) = 'array' and s.remarks <> '[]'
              then (select array_agg(case jsonb_typeof(x) when 'object' then x ->> 'code' else x #>> '{}' end order by o) from jsonb_array_elements(s.remarks) with ordinality e(x, o))
              else '{}' end,
         s.adjustments
  from pg_temp.remit_clp clp,
       rows from (jsonb_to_recordset(case jsonb_typeof(clp.services) when 'array' then clp.services else '[]' end)
         as (procedure jsonb, modifiers text[], "originalProcedure" jsonb, "chargeAmount" numeric, "paymentAmount" numeric, units numeric,
             "serviceDate" text, date text, "allowedAmount" numeric, remarks jsonb, adjustments jsonb)) with ordinality
         as s(procedure, modifiers, "originalProcedure", "chargeAmount", "paymentAmount", units, "serviceDate", date, "allowedAmount", remarks, adjustments, line_number);

  -- Every CAS of the posted CLPs, claim level first then line by line, numbered in that order;
  -- each carries the remark codes (RARC) of its claim or service line.
  insert into pg_temp.remit_cas (seq, postable, claim_id, payment_id, ord, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select a.seq, a.postable, a.claim_id, a.payment_id, row_number() over (partition by a.seq order by a.line_order, a.adj_order), a.level, a.line_number,
         a.group_code, a.reason_code, a.amount, a.quantity, a.remarks
  from (
    select clp.seq, clp.postable, clp.claim_id, clp.payment_id, 'CLAIM' as level, null::smallint as line_number, 0::bigint as line_order, ca.ord as adj_order,
           ca."group" as group_code, ca.reason as reason_code, ca.amount, ca.quantity, clp.remarks
    from pg_temp.remit_clp clp,
         rows from (jsonb_to_recordset(case jsonb_typeof(clp.adjustments) when 'array' then clp.adjustments else '[]' end)
           as ("group" text, reason text, amount numeric, quantity numeric)) with ordinality as ca("group", reason, amount, quantity, ord)
    union all
    select s.seq, s.postable, s.claim_id, s.payment_id, 'LINE', s.line_number, s.line_number, la.ord, la."group", la.reason, la.amount, la.quantity, s.remarks
    from pg_temp.remit_svc s,
         rows from (jsonb_to_recordset(case jsonb_typeof(s.adjustments) when 'array' then s.adjustments else '[]' end)
           as ("group" text, reason text, amount numeric, quantity numeric)) with ordinality as la("group", reason, amount, quantity, ord)
  ) a;

end $$;
