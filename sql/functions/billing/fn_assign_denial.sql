-- SELECT billing.fn_assign_denial(denial_work_item_id, assigned_to); -- who works this denial (null: unassign).
create or replace function billing.fn_assign_denial(denial_work_item_id uuid, assigned_to text) returns billing.denial_work_item
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
declare
  v_tenants uuid[] := billing_private.caller_tenants('claims.write');
  v_item billing.denial_work_item;
begin
  update billing.denial_work_item d set assigned_to = nullif(trim(fn_assign_denial.assigned_to), '')
   where d.tenant_id = any(v_tenants) and d.id = fn_assign_denial.denial_work_item_id
  returning * into v_item;
  if not found then
    raise exception 'No denial work item %', denial_work_item_id using errcode = 'P0002';
  end if;
  return v_item;
end $$;
grant execute on function billing.fn_assign_denial(uuid, text) to rcm_visitor;

comment on function billing.fn_assign_denial(uuid, text) is 'Assigns a denial work item to a person. Needs claims.write.';
