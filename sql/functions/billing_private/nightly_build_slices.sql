-- The nightly pass's slices of one tenant, from one scan of its charges: the NEW and VALIDATED
-- charges in member order, cut into slices of about p_slice_size and only between members. Each
-- slice is worked on its own: its NEW charges validated (to_validate), then every charge of it
-- built (to_build; the build bills those VALIDATED by then). Every charge of a member lands in the
-- same slice, so slicing never splits a claim (a claim's charges are one member's, and validation
-- never changes a charge's member), and slices can be worked side by side (they share no charge and
-- no claim).
-- One scan and one sort, on the member alone: a charge's running count in member order counts all
-- of its member's charges (the default window frame takes in every row with the same member), so
-- all of them get the slice in which the member ends. The pass used to scan the tenant's charges
-- twice before either lane started (its NEW charges, then its VALIDATED ones after validating),
-- and to sort the second scan on the whole claim group (member, coverage, billing NPI, facility,
-- service event): 127 ms of backend CPU for 100,000 VALIDATED charges against 91 on the member.
create or replace function billing_private.nightly_build_slices(p_tenant uuid, p_slice_size int)
  returns table (to_validate uuid[], to_build uuid[])
  language sql stable
  set search_path = pg_catalog, public
  -- The sort of 100,000 charges (about 8 MB) spilled to disk at the default 4 MB.
  set work_mem = '32MB'
  -- The scan of the tenant's charges (most of the planning: each row's status is read past its
  -- arrays) shared with parallel workers: the pass's lanes are idle until it ends. The default costs
  -- never chose it for 300,000 charges; with it the first slice started 0.12 instead of 0.13-0.14 s
  -- into the claims bench's pass.
  set parallel_setup_cost = 10
  set parallel_tuple_cost = 0.001
  as $$
  select coalesce(array_agg(placed.id) filter (where placed.status = 'NEW'), '{}'), array_agg(placed.id)
  from (select c.id, c.status, (count(*) over (order by c.member_id) - 1) / greatest(p_slice_size, 1) as slice
        from billing.charge c
        where c.tenant_id = p_tenant and c.status in ('NEW', 'VALIDATED')) placed
  group by placed.slice order by placed.slice
$$;
