-- The roster of a sweep run, as fn_begin_sweep_run stores it: one row per member, its first visit
-- in the run's window (a re-run: the old run's FAILED members on their visit dates), and how many of
-- its coverages are active on that date (for the run's payers), 0 meaning it is skipped.
-- Upcoming days take scheduled or checked-in visits; past days of a backward window any visit
-- that was not cancelled. A plain SQL function, STABLE, without SET options, so the planner inlines
-- it into the caller's statement: the roster bench (bench/roster.bench.ts) times this very function.
create or replace function eligibility_private.sweep_roster(p_tenant_id uuid, p_run eligibility.eligibility_sweep_run)
  returns table (member_id uuid, event_id uuid, facility_id uuid, service_date date, coverages integer)
  language sql stable
  as $$
  with visits as (
    select o.member_id, o.service_event_id as event_id, o.facility_id, o.service_date
    from eligibility.sweep_run_member o
    where p_run.rerun_of_id is not null and o.tenant_id = p_tenant_id and o.sweep_run_id = p_run.rerun_of_id and o.status = 'FAILED'
    union all
    -- In parentheses: an ORDER BY after the UNION would order the union, and DISTINCT ON would
    -- keep an arbitrary visit of each member rather than its first. Event and facility in the
    -- ORDER BY: of two visits on the same first day the lower event id (it was arbitrary), and
    -- the rows leave the sort in the order of the GROUP BY below, so no second sort or hash.
    (select distinct on (e.member_id) e.member_id, e.id, e.facility_id, e.service_date
     from service.service_event e
     where p_run.rerun_of_id is null and e.tenant_id = p_tenant_id
       and e.service_date between p_run.window_start and p_run.window_end
       and (p_run.facility_id is null or e.facility_id = p_run.facility_id)
       -- Implied by the next condition when the window starts today or later (no past day in it);
       -- said alone, the planner folds it into an index condition: the scan reads only the
       -- SCHEDULED and CHECKED_IN entries of the window instead of filtering every visit's status.
       and (p_run.window_start < (p_run.fired_at at time zone p_run.time_zone)::date or e.status in ('SCHEDULED', 'CHECKED_IN'))
       and (e.status in ('SCHEDULED', 'CHECKED_IN')
            or (e.service_date < (p_run.fired_at at time zone p_run.time_zone)::date and e.status <> 'CANCELLED'))
     order by e.member_id, e.service_date, e.id, e.facility_id)
  )
  -- The coverage count as one join of the visits (member order, from DISTINCT ON) with the
  -- tenant's active coverages (coverage_policy_active_dates, the same order, only the four columns
  -- read here; a run narrowed to payers reads coverage_policy_member_dates, which has payer_id):
  -- a merge join and one aggregate on the sorted rows. A count subquery per visit re-ran an index
  -- descent and an aggregate 9,108 times in the roster bench and took 2/3 of the statement.
  -- Grouping by all four visit columns keeps one row per visit as before: a member has one visit
  -- here (DISTINCT ON, or the old run's unique member).
  select v.member_id, v.event_id, v.facility_id, v.service_date, count(c.member_id)::integer
  from visits v
  left join member.coverage_policy c
    on c.tenant_id = p_tenant_id and c.member_id = v.member_id and c.status = 'ACTIVE'
   and c.effective_from <= v.service_date and (c.effective_to is null or c.effective_to >= v.service_date)
   and (cardinality(p_run.payer_ids) = 0 or c.payer_id = any (p_run.payer_ids))
  group by v.member_id, v.service_date, v.event_id, v.facility_id
$$;
