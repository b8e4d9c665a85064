-- SELECT billing.fn_record_denial_action(denial_work_item_id, action, ...); -- what a biller did about a denial:
--   APPEAL          follow_up_by (the date to chase the payer) required; the item stays OPEN
--   WRITE_OFF       the biller accepts the denial as final (no appeal, no correction): reason required;
--                   amount (default: all of it) at most what the payer left unpaid and the patient does
--                   not owe = the claim's balance + the denied amount the 835 already adjusted off. The
--                   part within the balance lowers it (an adjustment); the rest moves the denied amount
--                   from "denied, being worked" to written off (the denial_action row is that record).
--                   Only while the claim is DENIED (a correction or void out, or a later payment, is 55000);
--                   resolves the item
--   BILL_SECONDARY  a claim to the member's next coverage (billing.fn_bill_secondary); resolves the item
--   CORRECTED_CLAIM the claim goes out again as a replacement (billing.fn_correct_claim: frequency 7,
--                   REF*F8 = the payer's claim control number) in the next submission; the item stays
--                   OPEN until the payer answers
--   VOID            the claim goes out as a void (billing.fn_void_claim: frequency 8); resolves the item
-- An action on a RESOLVED item is 55000.
create or replace function billing.fn_record_denial_action(
  denial_work_item_id uuid, action text, follow_up_by date default null, amount numeric default null,
  reason text default null, note text default null
) returns billing.denial_action
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_actor text := coalesce(core.current_user_id(), session_user::text);
  v_action text := upper(trim(fn_record_denial_action.action));
  v_item billing.denial_work_item;
  v_claim billing.claim;
  v_row billing.denial_action;
  v_writable numeric;
  v_amount numeric := fn_record_denial_action.amount;
begin
  if v_action is null or v_action not in ('APPEAL', 'CORRECTED_CLAIM', 'VOID', 'WRITE_OFF', 'BILL_SECONDARY') then
    raise exception 'action must be one of APPEAL, CORRECTED_CLAIM, VOID, WRITE_OFF, BILL_SECONDARY; got %', coalesce(fn_record_denial_action.action, 'null') using errcode = '22023';
  end if;
  select * into v_item from billing.denial_work_item d where d.tenant_id = any(v_tenants) and d.id = fn_record_denial_action.denial_work_item_id for update;
  if not found then
    raise exception 'No denial work item %', denial_work_item_id using errcode = 'P0002';
  end if;
  if v_item.status = 'RESOLVED' then
    raise exception 'Denial work item % is RESOLVED (%); reopen is not possible, record a note on the claim instead', v_item.id, v_item.resolution_note using errcode = '55000';
  end if;
  select * into v_claim from billing.claim c where c.tenant_id = v_item.tenant_id and c.id = v_item.claim_id for update;
  if v_action = 'APPEAL' and (follow_up_by is null or follow_up_by < current_date) then
    raise exception 'followUpBy (today or later) is required to record an appeal' using errcode = '22023';
  end if;
  if v_action = 'WRITE_OFF' then
    if coalesce(trim(reason), '') = '' then
      raise exception 'reason is required to write off' using errcode = '22023';
    end if;
    if v_claim.status <> 'DENIED' then
      raise exception 'Claim % is % (%): only a claim whose denial stands (DENIED) can be written off; resolve the denial with a note instead',
        v_claim.patient_control_number, v_claim.status,
        case when v_claim.status = 'PAID' then 'the payer paid it since'
             when v_claim.status = 'VOIDED' then 'it was voided'
             else 'a corrected claim or a void is with the payer: wait for its answer' end
        using errcode = '55000';
    end if;
    -- A CO denial already took the denied amount off the balance; what can be written off is that
    -- amount (as far as the 835 adjusted it off) plus whatever balance is still shown.
    v_writable := greatest(v_claim.balance, 0) + least(v_item.denied_amount, greatest(v_claim.adjustment_amount, 0));
    v_amount := coalesce(v_amount, v_writable);
    if v_writable <= 0 then
      raise exception 'Claim % has nothing to write off: its balance is 0 and the payer adjusted nothing off for this denial', v_claim.patient_control_number using errcode = '55000';
    end if;
    if v_amount <= 0 or v_amount > v_writable then
      raise exception 'amount must be more than 0 and at most % (the denied amount the payer adjusted off % + the claim''s balance %); got %',
        v_writable, least(v_item.denied_amount, greatest(v_claim.adjustment_amount, 0)), v_claim.balance, v_amount using errcode = '22023';
    end if;
  end if;

  insert into billing.denial_action (tenant_id, denial_work_item_id, claim_id, action, follow_up_by, amount, reason, note, recorded_by)
  values (v_item.tenant_id, v_item.id, v_item.claim_id, v_action, fn_record_denial_action.follow_up_by, v_amount,
          fn_record_denial_action.reason, fn_record_denial_action.note, v_actor)
  returning * into v_row;

  if v_action = 'WRITE_OFF' and v_claim.balance > 0 then
    update billing.claim c set adjustment_amount = c.adjustment_amount + least(v_amount, v_claim.balance)
     where c.tenant_id = v_claim.tenant_id and c.id = v_claim.id;
  end if;
  insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, paid_amount, denial_category, reason, recorded_by)
  values (v_claim.tenant_id, v_claim.id, v_claim.status, v_claim.status, v_claim.paid_amount, v_claim.denial_category,
          'Denial ' || lower(replace(v_action, '_', ' ')) || coalesce(' ' || v_amount, '')
            || coalesce(', follow up by ' || fn_record_denial_action.follow_up_by, '') || coalesce(': ' || coalesce(fn_record_denial_action.reason, fn_record_denial_action.note), ''),
          v_actor);
  -- The claims-out path: the claim (or a new one to the next coverage) waits BUILT for the next submission.
  if v_action = 'CORRECTED_CLAIM' then
    perform billing.fn_correct_claim(v_claim.id, coalesce(fn_record_denial_action.note, fn_record_denial_action.reason));
  elsif v_action = 'VOID' then
    perform billing.fn_void_claim(v_claim.id, coalesce(fn_record_denial_action.note, fn_record_denial_action.reason));
  elsif v_action = 'BILL_SECONDARY' then
    perform billing.fn_bill_secondary(v_claim.id, coalesce(fn_record_denial_action.note, fn_record_denial_action.reason));
  end if;
  if v_action in ('WRITE_OFF', 'BILL_SECONDARY', 'VOID') then
    update billing.denial_work_item d set status = 'RESOLVED', resolved_at = now(), resolved_by = v_actor,
           resolution_note = v_action || coalesce(': ' || coalesce(fn_record_denial_action.note, fn_record_denial_action.reason), '')
     where d.tenant_id = v_item.tenant_id and d.id = v_item.id;
  end if;
  return v_row;
end $$;
grant execute on function billing.fn_record_denial_action(uuid, text, date, numeric, text, text) to rcm_visitor;

comment on function billing.fn_record_denial_action(uuid, text, date, numeric, text, text) is 'Records what was done about a denial: appeal (with a follow-up date), corrected claim, void, write-off (an amount and a reason) or bill the secondary coverage. Needs claims.write.';
