-- The tenant's NEW charges in slices of p_slice_size for the nightly validation, which checks
-- each charge on its own: slices share no charge and can be validated side by side.
create or replace function billing_private.charge_validation_slices(p_tenant uuid, p_slice_size int) returns setof uuid[]
  language sql stable
  set search_path = pg_catalog, public
  as $$
  select array_agg(n.id)
  from (select c.id, (row_number() over (order by c.id) - 1) / greatest(p_slice_size, 1) as slice
        from billing.charge c where c.tenant_id = p_tenant and c.status = 'NEW') n
  group by n.slice order by n.slice
$$;
