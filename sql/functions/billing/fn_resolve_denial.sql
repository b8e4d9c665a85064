-- SELECT billing.fn_resolve_denial(denial_work_item_id, note); -- closes a denial work item with what was done.
create or replace function billing.fn_resolve_denial(denial_work_item_id uuid, note text) returns billing.denial_work_item
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_item billing.denial_work_item;
begin
  if coalesce(trim(note), '') = '' then
    raise exception 'note is required to resolve a denial (what was done about it)' using errcode = '22023';
  end if;
  update billing.denial_work_item d set status = 'RESOLVED', resolved_at = now(), resolution_note = trim(note),
         resolved_by = coalesce(core.current_user_id(), session_user::text)
   where d.tenant_id = any(v_tenants) and d.id = fn_resolve_denial.denial_work_item_id and d.status = 'OPEN'
  returning * into v_item;
  if not found then
    if exists (select 1 from billing.denial_work_item d where d.tenant_id = any(v_tenants) and d.id = fn_resolve_denial.denial_work_item_id) then
      raise exception 'Denial work item % is already RESOLVED', denial_work_item_id using errcode = '55000';
    end if;
    raise exception 'No denial work item %', denial_work_item_id using errcode = 'P0002';
  end if;
  return v_item;
end $$;
grant execute on function billing.fn_resolve_denial(uuid, text) to rcm_visitor;

comment on function billing.fn_resolve_denial(uuid, text) is 'Closes a denial work item with a note. Needs claims.write.';
