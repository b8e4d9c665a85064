-- What the run job has left to do: one row per coverage of each QUEUED member, by service date
-- and, within a date, in an order that does not follow how the roster was loaded (members loaded
-- together tend to fail together, and a run of them sleeping out retry backoff would hold all of
-- a payer lane's slots: ordered by a time-ordered id the 10,000-member sweep took 130.8 s instead
-- of 72.0 s). With each coverage: a fresh 271 of another run to reuse (cached_inquiry_id, younger
-- than p_cache_hours), or the answer this run already stored before a restart (prior_outcome:
-- RECEIVED, CACHED, MEMBER_PROBLEM, PERMANENT, or PENDING for an acknowledged batch 270 whose 271
-- is on its way); neither is asked again. prior_attempts: this run's 270s for the coverage that
-- ended RETRY (a retryable fault, or in flight when a worker died): the retry policy's count goes
-- on from there after a restart, rather than from 1 again (the faults bench saw a member-coverage
-- the payer always fails get 5 270s in a run whose worker was killed during its backoff).
create or replace function eligibility_private.fn_sweep_run_plan(p_tenant_id uuid, p_sweep_run_id uuid, p_cache_hours integer)
  returns table (row_id uuid, member_id uuid, service_date text, first_name text, last_name text, dob text, gender text,
    provider_name text, provider_npi text, service_type text, coverage_id uuid, payer_id uuid, subscriber_id text, relationship_code text,
    subscriber_first_name text, subscriber_last_name text, subscriber_dob text, subscriber_gender text,
    cached_inquiry_id uuid, cached_reason text, prior_outcome text, prior_reason text, prior_attempts integer)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select m.id, m.member_id, to_char(m.service_date, 'YYYY-MM-DD'),
         mm.first_name, mm.last_name, to_char(mm.date_of_birth, 'YYYY-MM-DD'), mm.gender,
         coalesce(f.name, 'PROVIDER'), coalesce(f.npi, e.rendering_npi), coalesce(e.service_type_code, '30'),
         c.id, c.payer_id, c.subscriber_id, c.relationship_code, c.subscriber_first_name, c.subscriber_last_name,
         to_char(c.subscriber_date_of_birth, 'YYYY-MM-DD'), c.subscriber_gender,
         cached.id, cached.outcome_reason, prior.outcome, prior.outcome_reason,
         (select count(*)::integer from eligibility.eligibility_inquiry i
          where i.tenant_id = m.tenant_id and i.sweep_run_member_id = m.id and i.coverage_policy_id = c.id and i.outcome = 'RETRY')
  from eligibility.sweep_run_member m
  join eligibility.eligibility_sweep_run r on r.tenant_id = m.tenant_id and r.id = m.sweep_run_id
  join member.member mm on mm.tenant_id = m.tenant_id and mm.id = m.member_id
  left join service.service_event e on e.tenant_id = m.tenant_id and e.id = m.service_event_id
  left join core.facility f on f.tenant_id = m.tenant_id and f.id = m.facility_id
  join member.coverage_policy c on c.tenant_id = m.tenant_id and c.member_id = m.member_id and c.status = 'ACTIVE'
   and c.effective_from <= m.service_date and (c.effective_to is null or c.effective_to >= m.service_date)
   and (cardinality(r.payer_ids) = 0 or c.payer_id = any (r.payer_ids))
  left join lateral (
    select i.id, i.outcome_reason from eligibility.eligibility_inquiry i
    where i.tenant_id = m.tenant_id and i.member_id = m.member_id and i.payer_id = c.payer_id and i.service_date = m.service_date
      and i.outcome = 'RECEIVED' and i.response_type = '271' and i.received_at > now() - make_interval(hours => p_cache_hours)
      and i.sweep_run_id is distinct from m.sweep_run_id
    order by i.received_at desc limit 1) cached on true
  left join lateral (
    select i.outcome, i.outcome_reason from eligibility.eligibility_inquiry i
    where i.tenant_id = m.tenant_id and i.sweep_run_member_id = m.id and i.coverage_policy_id = c.id
      and (i.outcome in ('RECEIVED', 'CACHED', 'MEMBER_PROBLEM', 'PERMANENT') or (i.outcome = 'PENDING' and i.batch_acknowledged_at is not null))
    order by i.created_at desc limit 1) prior on true
  where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id and m.status = 'QUEUED'
  order by m.service_date, md5(m.id::text), c.priority, c.id;
$$;
