-- Moves the claims a POSTED remittance paid: reversals (CLP02 22) mark the payment they undo;
-- each claim's paid, patient-responsibility and adjustment amounts take this remittance's CLPs
-- (reversals carry negated amounts, so the sums net out); its status becomes
--   VOIDED    when its last CLP here is a reversal of a claim we voided (frequency 8),
--   ACCEPTED  when its last CLP here is a reversal otherwise (waiting for the corrected payment),
--   PAID      when something is paid or nothing is denied (e.g. all to the deductible),
--   DENIED    when nothing is paid and a non-patient adjustment carries a CARC that denies
--             (x12_code.carc.denies: CO-45 and other payment reductions do not);
-- one history row per claim says what the payer did; a denial opens a denial work item.
-- p_payments: only these payments of the remittance (a CLP an operator matched after posting, see
-- billing.fn_match_unmatched_remittance_claim); null: all of them (the remittance being posted).
create or replace function billing_private.apply_remittance_to_claims(p_tenant uuid, p_remittance uuid, p_trace text, p_actor text, p_payments uuid[] default null) returns void
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
begin
  -- A reversal undoes the claim's latest payment not already reversed (from an earlier remittance).
  update billing.claim_payment prior set reversed_by = r.id
    from billing.claim_payment r
   where r.tenant_id = p_tenant and r.remittance_id = p_remittance and r.claim_status_code = '22'
     and (p_payments is null or r.id = any(p_payments))
     and prior.tenant_id = p_tenant
     and prior.id = (select x.id from billing.claim_payment x
                      where x.tenant_id = p_tenant and x.claim_id = r.claim_id and x.claim_status_code <> '22'
                        and x.reversed_by is null and x.remittance_id <> p_remittance
                      order by x.posted_at desc, x.sequence desc limit 1);

  -- One pass over this remittance's CLPs per claim (its last CLP and the sums), materialized so
  -- that the claim update joins it once instead of re-reading it for every claim.
  with clp as materialized (
    select distinct on (p.claim_id) p.claim_id, p.claim_status_code, p.denial_category, p.denial_reason_code, p.crossover_payer_name,
           p.payer_claim_control_number, sum(p.paid_amount) over w as paid, sum(p.patient_responsibility) over w as pr,
           sum(p.adjustment_amount) over w as adj
    from billing.claim_payment p where p.tenant_id = p_tenant and p.remittance_id = p_remittance
      and (p_payments is null or p.id = any(p_payments))
    window w as (partition by p.claim_id)
    order by p.claim_id, p.sequence desc
  ), moved as (
    update billing.claim c
       set paid_amount = coalesce(c.paid_amount, 0) + l.paid,
           patient_responsibility_amount = c.patient_responsibility_amount + l.pr,
           adjustment_amount = c.adjustment_amount + l.adj,
           status = case when l.claim_status_code = '22' and c.frequency_code = '8' then 'VOIDED'
                         when l.claim_status_code = '22' then 'ACCEPTED'
                         when coalesce(c.paid_amount, 0) + l.paid = 0 and l.denial_category is not null then 'DENIED' else 'PAID' end,
           denial_category = case when l.claim_status_code <> '22' and coalesce(c.paid_amount, 0) + l.paid = 0 then l.denial_category end,
           payer_claim_control_number = coalesce(c.payer_claim_control_number, l.payer_claim_control_number),
           status_changed_at = now(), responded_at = now()
      from clp l
     where c.tenant_id = p_tenant and c.id = l.claim_id
    returning c.id, old.status as from_status, new.status, new.paid_amount, new.denial_category, l.claim_status_code, l.denial_reason_code,
              l.crossover_payer_name, l.paid as paid_here
  )
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, recorded_by)
  select p_tenant, m.id, m.from_status, m.status, m.paid_amount, m.denial_category,
         '835 ' || p_trace || ': ' || case when m.claim_status_code = '22' and m.status = 'VOIDED' then 'payer reversed its payment: claim voided'
                                       when m.claim_status_code = '22' then 'payer reversed its earlier payment'
                                       else 'paid ' || m.paid_here || coalesce(', denied CARC ' || m.denial_reason_code, '') end
           || coalesce('; crossed over to ' || m.crossover_payer_name, ''),
         p_actor
  from moved m;

  -- The 835 is the payer's answer: a try still open (its 277CA not here yet, or never coming) is closed,
  -- so that the claim can be sent again (a replacement, a void).
  update billing.claim_submission_claim sc set closed_at = now()
   where sc.tenant_id = p_tenant and sc.closed_at is null
     and sc.claim_id in (select p.claim_id from billing.claim_payment p where p.tenant_id = p_tenant and p.remittance_id = p_remittance
                           and (p_payments is null or p.id = any(p_payments)));

  update billing.stale_claim_flag s set resolved_at = now(), resolution = 'payer responded: 835'
   where s.tenant_id = p_tenant and s.resolved_at is null
     and s.claim_id in (select p.claim_id from billing.claim_payment p where p.tenant_id = p_tenant and p.remittance_id = p_remittance
                          and (p_payments is null or p.id = any(p_payments)));

  insert into billing.denial_work_item (tenant_id, claim_id, claim_payment_id, payer_id, denial_category, reason_code, group_code, remark_codes, denied_amount)
  select p_tenant, p.claim_id, p.id, c.payer_id, p.denial_category, p.denial_reason_code,
         coalesce((select a.group_code from billing.claim_adjustment a where a.tenant_id = p_tenant and a.claim_payment_id = p.id and a.reason_code = p.denial_reason_code and a.group_code <> 'PR' limit 1), 'CO'),
         coalesce((select array_agg(distinct r) from billing.claim_adjustment a, unnest(a.remark_codes) r where a.tenant_id = p_tenant and a.claim_payment_id = p.id), '{}'),
         p.adjustment_amount
  from billing.claim_payment p join billing.claim c on c.tenant_id = p.tenant_id and c.id = p.claim_id
  where p.tenant_id = p_tenant and p.remittance_id = p_remittance and (p_payments is null or p.id = any(p_payments))
    and p.denial_category is not null and c.status = 'DENIED';
end $$;
