-- The tenant's VALIDATED charges cut into slices of about p_slice_size for the nightly build, in
-- claim-group order (member, coverage, billing NPI, facility, service event) and only between
-- groups: every charge of a visit lands in the same slice, so slicing never splits a claim, and
-- slices can be built side by side (they share no charge and no claim).
create or replace function billing_private.claim_build_slices(p_tenant uuid, p_slice_size int) returns setof uuid[]
  language sql stable
  set search_path = pg_catalog, public
  as $$
  with grp as (
    select array_agg(c.id) as ids,
           row_number() over (order by c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id) as g
    from billing.charge c
    where c.tenant_id = p_tenant and c.status = 'VALIDATED'
    group by c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id
  ), placed as (
    select grp.ids, (sum(cardinality(grp.ids)) over (order by grp.g) - cardinality(grp.ids)) / greatest(p_slice_size, 1) as slice
    from grp
  )
  select array_agg(id) from placed cross join unnest(placed.ids) id group by placed.slice order by placed.slice
$$;
