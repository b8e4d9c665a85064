-- A TA1 or 999 about one of our interchanges (TA101 / AK102 = our ISA13 = GS06), as parsed by
-- the X12 reader and normalised by the TypeScript caller:
--   {"interchangeAccepted": true|false, "interchangeCode": "A"|"E"|"R" (TA104) | null, "interchangeNote": "TA1 code" | null,
--    "sets": [{"controlNumber": "0001", "status": "A"|"E"|"R"|..., "errors": [{"segmentId", "position", "loop", "code",
--               "elements": [{"position", "code", "value"}]}], "setCodes": ["5"]}]}
-- A rejected interchange (TA1 R) or set (IK5 R/M/W/X, AK9 R) rejects its claims with the reason
-- made readable from the code lists; an accepted set moves nothing but the submission
-- (ACKNOWLEDGED); an accepted TA1 moves nothing at all. Returns the number of claims rejected.
create or replace function billing_private.fn_apply_interchange_ack(p_tenant_id uuid, p_file_id uuid, p_submission_id uuid, p_kind text, p_ack jsonb, p_actor text)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_rejected integer := 0;
  v_interchange_rejected boolean := coalesce((p_ack->>'interchangeAccepted')::boolean, true) = false;
  v_reason text;
  v_sub_reason text;
begin
  if v_interchange_rejected then
    v_reason := format('%s rejected the interchange: %s', p_kind,
      coalesce((select e.code || ' ' || e.description from x12_code.implementation_syntax_error e where e.segment_or_element = 'TA1' and e.code = p_ack->>'interchangeNote'),
               'code ' || coalesce(p_ack->>'interchangeNote', 'none')));
    insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, kind, status, codes, reason)
    values (p_tenant_id, p_file_id, p_submission_id, p_kind, 'REJECTED', jsonb_build_array(jsonb_build_object('code', p_ack->>'interchangeNote')), v_reason);
    select billing_private.fn_reject_submitted_claims(p_tenant_id, p_submission_id,
      coalesce(jsonb_agg(jsonb_build_object('claimId', sc.claim_id, 'reason', v_reason, 'reasonGroup', p_kind || ' ' || coalesce(p_ack->>'interchangeNote', ''))), '[]'), p_actor)
    into v_rejected
    from billing.claim_submission_claim sc where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id and sc.closed_at is null;
    update billing.claim_submission s set status = 'REJECTED', rejection_reason = v_reason, acknowledged_at = now()
    where s.tenant_id = p_tenant_id and s.id = p_submission_id;
    return v_rejected;
  end if;

  -- A TA1 that accepts the interchange (A, or E with a noted error) is recorded and moves nothing:
  -- the 999 acknowledges the functional group, so the submission keeps waiting for it (SENT).
  if p_kind = 'TA1' then
    insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, kind, status, codes, reason)
    values (p_tenant_id, p_file_id, p_submission_id, p_kind,
      case when p_ack->>'interchangeCode' = 'E' then 'ACCEPTED_WITH_ERRORS' else 'ACCEPTED' end,
      jsonb_build_array(jsonb_build_object('code', p_ack->>'interchangeNote')),
      case when coalesce(p_ack->>'interchangeNote', '000') <> '000' then
        format('TA1 noted: %s', coalesce((select e.code || ' ' || e.description from x12_code.implementation_syntax_error e
                                          where e.segment_or_element = 'TA1' and e.code = p_ack->>'interchangeNote'), 'code ' || (p_ack->>'interchangeNote')))
      end);
    return 0;
  end if;

  -- Per transaction set: its readable reason from IK3/IK4 (segment, element, code and meaning).
  create temporary table if not exists pg_temp.ack_set (control_number integer, status text, reason text, codes jsonb) on commit drop;
  truncate pg_temp.ack_set;
  insert into pg_temp.ack_set
  select (s->>'controlNumber')::int, s->>'status',
         case when s->>'status' in ('R', 'M', 'W', 'X') then
           format('999 rejected transaction set %s: %s', s->>'controlNumber',
             coalesce((select string_agg(
                 format('segment %s at position %s%s: %s%s', e->>'segmentId', e->>'position', coalesce(' (loop ' || (e->>'loop') || ')', ''),
                   coalesce(ik3.description, 'code ' || (e->>'code')),
                   coalesce((select string_agg(format('; element %s%s: %s%s', e->>'segmentId', lpad(el->>'position', 2, '0'),
                                 coalesce(ik4.description, 'code ' || (el->>'code')), coalesce(' (value "' || (el->>'value') || '")', '')), '')
                             from jsonb_array_elements(coalesce(e->'elements', '[]')) el
                             left join x12_code.implementation_syntax_error ik4 on ik4.segment_or_element = 'IK4' and ik4.code = el->>'code'), '')), ' | ')
               from jsonb_array_elements(coalesce(s->'errors', '[]')) e
               left join x12_code.implementation_syntax_error ik3 on ik3.segment_or_element = 'IK3' and ik3.code = e->>'code'),
               (select string_agg(coalesce(ik5.description, 'code ' || c), '; ') from jsonb_array_elements_text(coalesce(s->'setCodes', '[]')) c
                left join x12_code.implementation_syntax_error ik5 on ik5.segment_or_element = 'IK5' and ik5.code = c),
               'no error detail given'))
         end,
         coalesce(s->'errors', '[]')
  from jsonb_array_elements(coalesce(p_ack->'sets', '[]')) s;

  insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, kind, status, codes, reason)
  select p_tenant_id, p_file_id, p_submission_id, p_kind,
         case when a.status = 'A' then 'ACCEPTED' when a.status = 'E' then 'ACCEPTED_WITH_ERRORS' when a.status in ('R', 'M', 'W', 'X') then 'REJECTED' else 'PENDING' end,
         a.codes, a.reason
  from pg_temp.ack_set a;

  select billing_private.fn_reject_submitted_claims(p_tenant_id, p_submission_id,
    coalesce(jsonb_agg(jsonb_build_object('claimId', sc.claim_id, 'reason', a.reason,
      'reasonGroup', '999 ' || coalesce((select string_agg(distinct coalesce(e->>'segmentId', '') || ' ' || coalesce(e->>'code', ''), ', ') from jsonb_array_elements(a.codes) e), 'set rejected'))), '[]'),
    p_actor)
  into v_rejected
  from pg_temp.ack_set a
  join billing.claim_submission_claim sc on sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id and sc.transaction_set_control_number = a.control_number and sc.closed_at is null
  where a.reason is not null;

  select string_agg(a.reason, ' | ') into v_sub_reason from pg_temp.ack_set a where a.reason is not null;
  update billing.claim_submission s
     set status = case when not exists (select 1 from pg_temp.ack_set a where a.reason is null) and exists (select 1 from pg_temp.ack_set) then 'REJECTED' else 'ACKNOWLEDGED' end,
         rejection_reason = v_sub_reason, acknowledged_at = now()
   where s.tenant_id = p_tenant_id and s.id = p_submission_id and s.status in ('CREATED', 'SENT');
  return v_rejected;
end $$;
