-- The rejection queue (REJECTED claims to work), the intake queue's shape: assign, then resolve
-- with a note. Grouped by reason in billing.fn_claim_rejection_groups.

create or replace function billing.fn_assign_claim_rejection(rejection_id uuid, assignee text default null)
  returns billing.claim_rejection language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  item billing.claim_rejection;
begin
  perform core.assert_permission('claims.write');
  if length(assignee) > 200 then
    raise exception 'assignee must be at most 200 characters' using errcode = '22023';
  end if;
  update billing.claim_rejection r set status = 'ASSIGNED', assigned_to = coalesce(nullif(trim(assignee), ''), core.current_user_id()), assigned_at = now()
  where r.tenant_id = core.current_tenant_id() and r.id = rejection_id and r.status <> 'RESOLVED'
  returning * into item;
  if item.id is null then
    if exists (select 1 from billing.claim_rejection r where r.tenant_id = core.current_tenant_id() and r.id = rejection_id) then
      raise exception 'claim rejection % is already resolved', rejection_id using errcode = '55000';
    end if;
    raise exception 'claim rejection % not found', rejection_id using errcode = 'P0002';
  end if;
  return item;
end $$;
grant execute on function billing.fn_assign_claim_rejection(uuid, text) to rcm_visitor;

create or replace function billing.fn_resolve_claim_rejection(rejection_id uuid, note text)
  returns billing.claim_rejection language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  item billing.claim_rejection;
begin
  perform core.assert_permission('claims.write');
  if note is null or trim(note) = '' then
    raise exception 'note is required to resolve a claim rejection (say what was fixed or why it is closed)' using errcode = '22023';
  end if;
  update billing.claim_rejection r set status = 'RESOLVED', resolved_at = now(), resolved_by = coalesce(core.current_user_id(), session_user::text), resolution_note = trim(note)
  where r.tenant_id = core.current_tenant_id() and r.id = rejection_id and r.status <> 'RESOLVED'
  returning * into item;
  if item.id is null then
    if exists (select 1 from billing.claim_rejection r where r.tenant_id = core.current_tenant_id() and r.id = rejection_id) then
      raise exception 'claim rejection % is already resolved', rejection_id using errcode = '55000';
    end if;
    raise exception 'claim rejection % not found', rejection_id using errcode = 'P0002';
  end if;
  return item;
end $$;
grant execute on function billing.fn_resolve_claim_rejection(uuid, text) to rcm_visitor;

-- The open queue grouped by reason: how many claims, how much money, how many unassigned.
create or replace function billing.fn_claim_rejection_groups()
  returns table (reason_group text, example_reason text, claim_count integer, total_amount numeric, unassigned_count integer, oldest_at timestamptz)
  language sql stable security invoker set search_path = pg_catalog, public as $$
  select r.reason_group, min(r.reason), count(*)::int, sum(c.total_amount), count(*) filter (where r.status = 'OPEN')::int, min(r.created_at)
  from billing.claim_rejection r join billing.claim c on c.tenant_id = r.tenant_id and c.id = r.claim_id
  where r.status <> 'RESOLVED'
  group by r.reason_group order by count(*) desc, r.reason_group;
$$;
grant execute on function billing.fn_claim_rejection_groups() to rcm_visitor;

-- GET /claims/rejections: the open queue grouped by reason, each group with its items.
create or replace function billing.fn_claim_rejection_queue() returns json
  language plpgsql stable security invoker set search_path = pg_catalog, public as $$
begin
  perform core.assert_permission('claims.read');
  return json_build_object('groups', (
    select coalesce(json_agg(json_build_object('reasonGroup', g.reason_group, 'claimCount', g.claim_count, 'totalAmount', g.total_amount::text,
             'unassignedCount', g.unassigned_count, 'oldestAt', g.oldest_at,
             'items', (select json_agg(json_build_object('rejectionId', r.id, 'claimId', r.claim_id, 'patientControlNumber', c.patient_control_number,
                                                         'reason', r.reason, 'status', r.status, 'assignedTo', r.assigned_to, 'chargeAmount', c.total_amount::text,
                                                         'createdAt', r.created_at) order by r.created_at)
                       from billing.claim_rejection r join billing.claim c on c.tenant_id = r.tenant_id and c.id = r.claim_id
                       where r.status <> 'RESOLVED' and r.reason_group = g.reason_group))
           order by g.claim_count desc, g.reason_group), '[]')
    from billing.fn_claim_rejection_groups() g));
end $$;
grant execute on function billing.fn_claim_rejection_queue() to rcm_visitor;

comment on function billing.fn_assign_claim_rejection(uuid, text) is 'Assigns a rejected claim in the rejection queue to a person (the caller when no assignee is given). Needs claims.write.';
comment on function billing.fn_resolve_claim_rejection(uuid, text) is 'Closes a rejection queue item with a note saying what was fixed. Needs claims.write.';
comment on function billing.fn_claim_rejection_groups() is 'Open claim rejections grouped by reason (category, status code and entity), with counts: the rejection queue''s overview. Needs claims.read.';
comment on function billing.fn_claim_rejection_queue() is 'Open claim rejections with their claims, reasons and assignees, as GET /claims/rejections answers. Needs claims.read.';
