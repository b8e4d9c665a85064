-- An acknowledgment file for a tenant (polled by claims/poll-acknowledgments or pushed to POST
-- /claims/acknowledgments): kept, matched and applied in one transaction. p_parsed is the
-- normalised content (see fn_apply_interchange_ack and fn_apply_277ca):
--   TA1/999: {"interchangeSender", "acknowledgedInterchange": <our ISA13>, ...ack}
--   277CA:   {"interchangeSender", "claims": [...]}
-- The same file again (same partner, kind and ISA13) is not applied twice: the first result is
-- returned. Returns {fileId, kind, applied, rejected, accepted, unmatched}.
create or replace function billing_private.fn_receive_acknowledgment(p_tenant_id uuid, p_kind text, p_source text, p_x12 text, p_interchange_control_number bigint,
                                                                      p_parsed jsonb, p_actor text)
  returns jsonb language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_partner uuid;
  v_file billing.acknowledgment_file;
  v_submission uuid;
  v_result jsonb;
  v_rejected integer;
begin
  if p_kind not in ('TA1', '999', '277CA') then
    raise exception 'kind must be TA1, 999 or 277CA; got %', p_kind using errcode = '22023';
  end if;
  -- The partner is the one whose receiver id sent the file (ISA06 of the acknowledgment).
  select tp.id into v_partner from core.trading_partner tp
  where tp.tenant_id = p_tenant_id and tp.receiver_id = p_parsed->>'interchangeSender' order by tp.created_at limit 1;

  select * into v_file from billing.acknowledgment_file f
  where f.tenant_id = p_tenant_id and f.trading_partner_id is not distinct from v_partner and f.kind = p_kind
    and f.interchange_control_number = p_interchange_control_number and v_partner is not null;
  if v_file.id is not null then
    return jsonb_build_object('fileId', v_file.id, 'kind', p_kind, 'duplicate', true, 'applied', v_file.applied_count, 'unmatched', v_file.unmatched);
  end if;

  insert into billing.acknowledgment_file (tenant_id, kind, source, trading_partner_id, interchange_control_number, x12)
  values (p_tenant_id, p_kind, p_source, v_partner, p_interchange_control_number, p_x12)
  returning * into v_file;

  if p_kind = '277CA' then
    v_result := billing_private.fn_apply_277ca(p_tenant_id, v_file.id, coalesce(p_parsed->'claims', '[]'), p_actor);
    update billing.acknowledgment_file f set applied_count = (v_result->>'accepted')::int + (v_result->>'rejected')::int
      + (select count(*) from billing.claim_acknowledgment a where a.tenant_id = p_tenant_id and a.acknowledgment_file_id = v_file.id and a.status = 'PENDING'),
      unmatched = v_result->'unmatched'
    where f.tenant_id = p_tenant_id and f.id = v_file.id;
    return v_result || jsonb_build_object('fileId', v_file.id, 'kind', p_kind, 'duplicate', false);
  end if;

  select s.id into v_submission from billing.claim_submission s
  where s.tenant_id = p_tenant_id and s.interchange_control_number = (p_parsed->>'acknowledgedInterchange')::bigint
    and (v_partner is null or s.trading_partner_id = v_partner)
  order by s.created_at desc limit 1;
  if v_submission is null then
    update billing.acknowledgment_file f
       set unmatched = jsonb_build_array(jsonb_build_object('interchangeControlNumber', p_parsed->>'acknowledgedInterchange',
                         'reason', 'no submission of this tenant has this interchange control number'))
     where f.tenant_id = p_tenant_id and f.id = v_file.id returning unmatched into v_result;
    return jsonb_build_object('fileId', v_file.id, 'kind', p_kind, 'duplicate', false, 'rejected', 0, 'unmatched', v_result);
  end if;
  v_rejected := billing_private.fn_apply_interchange_ack(p_tenant_id, v_file.id, v_submission, p_kind, p_parsed, p_actor);
  update billing.acknowledgment_file f set applied_count = 1 where f.tenant_id = p_tenant_id and f.id = v_file.id;
  return jsonb_build_object('fileId', v_file.id, 'kind', p_kind, 'duplicate', false, 'submissionId', v_submission, 'rejected', v_rejected, 'unmatched', '[]'::jsonb);
end $$;

-- POST /claims/acknowledgments and psql: an acknowledgment pushed by a partner, for the
-- caller's tenant (claims.write). The HTTP layer parses the X12 and passes what it read.
create or replace function billing.fn_receive_claim_acknowledgment(kind text, x12 text, interchange_control_number bigint, parsed jsonb)
  returns jsonb language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('claims.write');
  if core.current_tenant_id() is null then
    raise exception 'an acknowledgment is received for a tenant: call it with a tenant token' using errcode = '22023';
  end if;
  return billing_private.fn_receive_acknowledgment(core.current_tenant_id(), kind, 'PUSH', x12, interchange_control_number, parsed,
    coalesce(core.current_user_id(), session_user::text));
end $$;
-- Not in GraphQL (PostGraphile 5 reads @behavior; the v4 @omit it ignored left this in the schema).
comment on function billing.fn_receive_claim_acknowledgment(text, text, bigint, jsonb) is E'@behavior -*';
grant execute on function billing.fn_receive_claim_acknowledgment(text, text, bigint, jsonb) to rcm_visitor;
