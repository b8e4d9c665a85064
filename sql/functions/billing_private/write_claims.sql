-- The claim build's writing step, in one statement: the charges of p_charge_ids that are
-- VALIDATED become BILLED and are grouped into BUILT claims with their lines and one history row
-- each; returns each new line. A charge that is not VALIDATED (by the time its row lock is taken)
-- is left alone. Callers decide what else must hold first (billing_private.build_claims: all or
-- nothing; build_claims_slice: whatever is still VALIDATED).
-- Grouping follows 837P practice: one claim per tenant, member, coverage, billing NPI, facility
-- and service event, at most 50 lines (more lines start another claim).
-- One pass over the charges: the BILLED update returns the rows the claims are grouped from, and
-- each claim's figures are window aggregates carried on its lines, so lines never join back to
-- their claims. A claim's id is drawn once per claim, on its first line (uuidv7: ids in time order,
-- so the claim's and its lines' keys go to the right end of their indexes). Its payer and timely
-- filing days are read once per claim too, as the claim is inserted (all of a claim's charges share
-- its coverage): joined to every charge they cost a slice of 10,000 charges 20,000 index probes
-- instead of 6,700, about 5 % of its CPU.
--
-- The statement runs with session_replication_role = replica when the owner may set it (a superuser,
-- or GRANT SET ON PARAMETER session_replication_role), so the per-statement parent checks that
-- cannot fail here do not run: about a fifth of a build slice's CPU (the nightly claims bench: cluster
-- CPU 2.54 -> 2.16-2.32 s for 100,000 charges). Each skipped check holds by construction:
--   - a line's claim, a history row's claim: inserted by this statement, seen by nobody else until
--     commit;
--   - a line's charge: this statement's UPDATE holds the charge's row lock until commit, so a delete
--     or re-key waits, then meets the line (as after the check's FOR KEY SHARE);
--   - a claim's facility and service event: the billed charge names the same ones through its own
--     foreign keys, which refuse their delete or re-key while the charge exists (and the charge is
--     locked, above);
--   - a claim's primary claim: none (a built claim is an original).
-- What still runs, because it can fail or must follow every write: the claim's coverage check
-- (coverage, member and payer together, locked FOR KEY SHARE: nothing else stops a coverage's payer
-- from changing under the build) and the claim lookup's insert trigger, both ENABLE ALWAYS; every
-- CHECK, NOT NULL, unique index and RLS policy (replica mode leaves those alone). Without the
-- privilege every trigger fires, as before: slower, same result. The role is put back before
-- returning (a change of the setting resets the session's cached plans, once each way).
create or replace function billing_private.write_claims(p_tenants uuid[], p_charge_ids uuid[], p_actor text)
  returns table (charge_id uuid, claim_id uuid, total_amount numeric, earliest_service_date date, line_number smallint)
  language plpgsql volatile security definer
  set search_path = pg_catalog, public
  as $$
#variable_conflict use_column
declare
  -- Put back only what this function changed: without the privilege even setting the same value fails.
  v_replica boolean := current_setting('session_replication_role') = 'origin' and has_parameter_privilege('session_replication_role', 'SET');
begin
  if v_replica then
    perform set_config('session_replication_role', 'replica', true);
  end if;
  return query
  with billed as (
    update billing.charge c set status = 'BILLED', updated_at = now()
    where c.tenant_id = any(p_tenants) and c.id = any(p_charge_ids) and c.status = 'VALIDATED'
    returning c.tenant_id, c.id, c.charge_number, c.member_id, c.coverage_policy_id, c.billing_npi, c.facility_id, c.service_event_id,
              c.procedure_code, c.modifiers, c.diagnosis_codes, c.diagnosis_pointers, c.units, c.amount, c.service_date, c.place_of_service, c.rendering_npi
  ), numbered as (
    select b.*,
           (row_number() over (partition by b.tenant_id, b.member_id, b.coverage_policy_id, b.billing_npi, b.facility_id, b.service_event_id
                               order by b.service_date, b.charge_number) - 1)::int as n
    from billed b
  ), line as materialized (
    -- Each run of at most 50 lines of the same group is a claim; the claim's figures ride on every line (no join back).
    select n.*, (n.n % 50 + 1)::smallint as line_number,
           any_value(n.opening_id) over claim as claim_id,
           count(*) over claim as line_count, sum(n.amount) over claim as total_amount,
           min(n.service_date) over claim as earliest, max(n.service_date) over claim as latest
    -- A claim's id is drawn on its first line only, below the window (a window function would draw it again for every line).
    from (select n.*, case when n.n % 50 = 0 then uuidv7() end as opening_id from numbered n) n
    window claim as (partition by n.tenant_id, n.member_id, n.coverage_policy_id, n.billing_npi, n.facility_id, n.service_event_id, n.n / 50)
  ), new_claim as (
    insert into billing.claim (tenant_id, id, member_id, coverage_policy_id, payer_id, billing_npi, facility_id, service_event_id, status,
                               line_count, total_amount, earliest_service_date, latest_service_date, timely_filing_days, timely_filing_deadline)
    select l.tenant_id, l.claim_id, l.member_id, l.coverage_policy_id, cp.payer_id, l.billing_npi, l.facility_id, l.service_event_id, 'BUILT',
           l.line_count, l.total_amount, l.earliest, l.latest, p.timely_filing_days, l.earliest + p.timely_filing_days
    -- Left joins: a VALIDATED charge without a coverage (only a hand edit makes one) fails the statement
    -- on the claim's NOT NULL coverage, rather than its claim being dropped and its line left without one.
    from line l
    left join member.coverage_policy cp on cp.tenant_id = l.tenant_id and cp.id = l.coverage_policy_id
    left join core.payer p on p.tenant_id = cp.tenant_id and p.id = cp.payer_id
    where l.line_number = 1
  ), new_line as (
    insert into billing.claim_line (tenant_id, claim_id, line_number, charge_id, procedure_code, modifiers, diagnosis_codes, diagnosis_pointers,
                                    units, amount, service_date, place_of_service, rendering_npi)
    select l.tenant_id, l.claim_id, l.line_number, l.id, l.procedure_code, l.modifiers, l.diagnosis_codes, l.diagnosis_pointers,
           l.units, l.amount, l.service_date, l.place_of_service, l.rendering_npi
    from line l
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select l.tenant_id, l.claim_id, null, 'BUILT', 'grouped from validated charges; claim-level checks passed', p_actor
    from line l where l.line_number = 1
  )
  -- The inserts above always run to completion; the answer comes from the same lines.
  select l.id, l.claim_id, l.total_amount, l.earliest, l.line_number from line l;
  if v_replica then
    perform set_config('session_replication_role', 'origin', true);
  end if;
end $$;
revoke all on function billing_private.write_claims(uuid[], uuid[], text) from public;
