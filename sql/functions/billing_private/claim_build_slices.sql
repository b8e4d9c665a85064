-- The tenant's VALIDATED charges cut into slices of about p_slice_size for the nightly build, in
-- claim-group order (member, coverage, billing NPI, facility, service event) and only between
-- groups: every charge of a visit lands in the same slice, so slicing never splits a claim, and
-- slices can be built side by side (they share no charge and no claim).
-- One sort: a charge's running count over that order counts its whole group (the default window
-- frame takes in every row with the same keys), so all charges of a group get the slice in which
-- the group ends.
create or replace function billing_private.claim_build_slices(p_tenant uuid, p_slice_size int) returns setof uuid[]
  language sql stable
  set search_path = pg_catalog, public
  as $$
  select array_agg(placed.id)
  from (select c.id,
               (count(*) over (order by c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id) - 1) / greatest(p_slice_size, 1) as slice
        from billing.charge c
        where c.tenant_id = p_tenant and c.status = 'VALIDATED') placed
  group by placed.slice order by placed.slice
$$;
