-- Stages one 835 transaction as billing_private.stage_remittance does, from the columns the service
-- makes where it reads the X12 (server/remittances/transaction-to-post.ts) instead of from its JSON:
-- one array per field and level, row i of each array being the i-th CLP, SVC or CAS of the
-- transaction. The same staged rows, the same matching (CLP01, then CLP07 through
-- billing_private.claim_lookup), the same payment ids and CAS order. Parsing the transaction's JSON
-- into jsonb and walking it with jsonb_to_recordset cost ~60 ms of a backend's CPU per 1,000
-- claims; these arrays ~20 ms.
--   clp_*:  per CLP; clp_remarks holds each CLP's remark codes (MIA/MOA) as an array literal ('{}': none)
--   svc_*:  per SVC, svc_seq naming its CLP (1-based, file order) and svc_line its place in the CLP;
--           svc_modifiers and svc_remarks (LQ*HE) array literals; svc_procedure the code (SVC01-2)
--   cas_*:  per CAS, cas_seq its CLP, cas_line its SVC (null at claim level), cas_ord its place in the
--           CLP (claim level first, then line by line)
--   claims: the transaction's claims as JSON text (an array), or null: needed only when a CLP goes
--           to the unmatched queue, which keeps the CLP whole, without its null members (as the JSON
--           path received it from the service: jsonb_strip_nulls drops the members JSON.stringify's
--           replacer did, keeping nulls in arrays); null then is a 22004 naming column claims.
-- Amounts arrive as text and are cast here, so a bad one raises 22P02 inside the caller's check.
create or replace function billing_private.stage_remittance_columns(p_tenant uuid, claims text,
    clp_pcn text[], clp_status text[], clp_charge text[], clp_paid text[], clp_filing_indicator text[], clp_icn text[],
    clp_crossover_name text[], clp_crossover_id text[], clp_remarks text[],
    svc_seq int[], svc_line smallint[], svc_procedure text[], svc_modifiers text[], svc_original_procedure text[], svc_charge text[], svc_paid text[],
    svc_units text[], svc_date text[], svc_allowed text[], svc_remarks text[],
    cas_seq int[], cas_line smallint[], cas_ord int[], cas_group text[], cas_reason text[], cas_amount text[], cas_quantity text[]) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_unmatched int;
begin
  perform billing_private.empty_remittance_staging();

  insert into pg_temp.remit_clp (seq, pcn, claim_id, claim_status, postable, payment_id, status_code, charge, paid, filing_indicator, icn, crossover, remarks)
  select r.seq::int, r.pcn, m.id, m.status, m.status in ('SUBMITTED', 'ACCEPTED', 'PAID', 'DENIED'), uuidv7(),
         coalesce(r.status, ''), r.charge::numeric, r.paid::numeric, r.filing_indicator, r.icn,
         case when r.crossover_name is not null or r.crossover_id is not null then jsonb_build_object('lastName', r.crossover_name, 'id', r.crossover_id) end,
         case when r.remarks is null or r.remarks = '{}' then '{}'::text[] else r.remarks::text[] end
  from unnest(clp_pcn, clp_status, clp_charge, clp_paid, clp_filing_indicator, clp_icn, clp_crossover_name, clp_crossover_id, clp_remarks) with ordinality
         as r(pcn, status, charge, paid, filing_indicator, icn, crossover_name, crossover_id, remarks, seq)
  left join billing.claim by_pcn on by_pcn.tenant_id = p_tenant and by_pcn.patient_control_number = r.pcn
  left join lateral (
    select cl.id, cl.status from billing_private.claim_lookup k join billing.claim cl on cl.tenant_id = k.tenant_id and cl.id = k.claim_id
     where by_pcn.id is null and k.tenant_id = p_tenant and k.payer_claim_control_number = r.icn
     limit 1) by_icn on true
  cross join lateral (select coalesce(by_pcn.id, by_icn.id) as id, coalesce(by_pcn.status, by_icn.status) as status) m;

  -- A CLP that will not post goes to the unmatched queue whole: its JSON, parsed only then. Without
  -- it (the service sends it only when asked: making and sending every 835's claims as JSON cost
  -- more than anything else it does for a posting) this posting stops here, before writing
  -- anything, and says so (22004 on column claims: fn_post_remittance_columns answers null).
  select min(seq) into v_unmatched from pg_temp.remit_clp where not coalesce(postable, false);
  if v_unmatched is not null then
    if claims is null then
      raise exception 'claims (the 835''s claims as JSON) is required: CLP % (CLP01 %) goes to the unmatched queue, which keeps it whole', v_unmatched,
        (select pcn from pg_temp.remit_clp where seq = v_unmatched) using errcode = '22004', column = 'claims';
    end if;
    update pg_temp.remit_clp c set j = jsonb_strip_nulls(t.claims -> (c.seq - 1))
      from (select claims::jsonb as claims) t
     where not coalesce(c.postable, false);
  end if;

  insert into pg_temp.remit_svc (seq, postable, payment_id, claim_id, line_number, procedure, modifiers, original_procedure, charge, paid, units, service_date,
                                 allowed, remarks)
  select s.seq, clp.postable, clp.payment_id, clp.claim_id, s.line, to_jsonb(s.procedure),
         case when s.modifiers is null then null when s.modifiers = '{}' then '{}'::text[] else s.modifiers::text[] end,
         to_jsonb(s.original_procedure), s.charge::numeric, s.paid::numeric, s.units::numeric, s.service_date, s.allowed::numeric,
         case when s.remarks is null or s.remarks = '{}' then '{}'::text[] else s.remarks::text[] end
  from unnest(svc_seq, svc_line, svc_procedure, svc_modifiers, svc_original_procedure, svc_charge, svc_paid, svc_units, svc_date, svc_allowed, svc_remarks)
         as s(seq, line, procedure, modifiers, original_procedure, charge, paid, units, service_date, allowed, remarks)
  join pg_temp.remit_clp clp on clp.seq = s.seq;

  -- Each CAS carries the remark codes (RARC) of its claim or of its service line.
  insert into pg_temp.remit_cas (seq, postable, claim_id, payment_id, ord, level, line_number, group_code, reason_code, amount, quantity, remark_codes)
  select a.seq, clp.postable, clp.claim_id, clp.payment_id, a.ord, case when a.line is null then 'CLAIM' else 'LINE' end, a.line,
         a.group_code, a.reason_code, a.amount::numeric, a.quantity::numeric, case when a.line is null then clp.remarks else svc.remarks end
  from unnest(cas_seq, cas_line, cas_ord, cas_group, cas_reason, cas_amount, cas_quantity) as a(seq, line, ord, group_code, reason_code, amount, quantity)
  join pg_temp.remit_clp clp on clp.seq = a.seq
  left join pg_temp.remit_svc svc on svc.seq = a.seq and svc.line_number = a.line;
end $$;
