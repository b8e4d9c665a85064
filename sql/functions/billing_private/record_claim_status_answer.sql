-- A 277 answered a 276: the inquiry is ANSWERED with the STC statuses and amounts, and the claim's
-- history gets an A/R follow-up note a biller can read, e.g.
--   "277 claim status: P1:20 Pending/In Process: Accepted for processing.; charge 125.00, paid 0.00"
-- with the texts from the code tables (x12_code). The claim's status does not change: the 835
-- (or a 277CA) moves it. p_answer: {"statuses": [{"category", "code", "entity"}], "chargeAmount",
-- "paidAmount", "httpStatus"}. Returns the note; null when the inquiry was no longer SENDING.
create or replace function billing_private.fn_record_claim_status_answer(p_tenant_id uuid, p_inquiry_id uuid, p_answer jsonb)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_inquiry billing.claim_status_inquiry;
  v_note text;
begin
  select string_agg(format('%s:%s%s %s: %s%s', s->>'category', s->>'code', coalesce(':' || (s->>'entity'), ''),
                           coalesce(trim(split_part(cat.description, '-', 1)), 'category ' || (s->>'category')),
                           coalesce(cs.description, 'status code ' || (s->>'code')),
                           coalesce(' (' || coalesce(ei.description, 'entity ' || (s->>'entity')) || ')', '')), '; ' order by s.ord)
         || coalesce('; charge ' || (p_answer->>'chargeAmount'), '') || coalesce(', paid ' || (p_answer->>'paidAmount'), '')
  into v_note
  from jsonb_array_elements(p_answer->'statuses') with ordinality s(s, ord)
  left join x12_code.claim_status_category cat on cat.code = s->>'category'
  left join x12_code.claim_status cs on cs.code = s->>'code'
  left join x12_code.entity_identifier ei on ei.code = s->>'entity';
  if v_note is null then
    raise exception 'a 277 answer needs at least one status' using errcode = '22023';
  end if;
  v_note := '277 claim status: ' || v_note;

  update billing.claim_status_inquiry i
  set status = 'ANSWERED', finished_at = now(), http_status = (p_answer->>'httpStatus')::int, statuses = p_answer->'statuses',
      charge_amount = (p_answer->>'chargeAmount')::numeric, paid_amount = (p_answer->>'paidAmount')::numeric, note = v_note
  where i.tenant_id = p_tenant_id and i.id = p_inquiry_id and i.status = 'SENDING'
  returning * into v_inquiry;
  if not found then
    return null;
  end if;

  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, recorded_by)
  select c.tenant_id, c.id, c.status, c.status, c.paid_amount, c.denial_category, v_note, 'claim status 276/277'
  from billing.claim c where c.tenant_id = p_tenant_id and c.id = v_inquiry.claim_id;
  return v_note;
end $$;
revoke all on function billing_private.fn_record_claim_status_answer(uuid, uuid, jsonb) from public;
