-- A sweep member's transitions, as the run job (server/eligibility/run-sweep.ts) makes them. The
-- worker connects as the owner and passes the tenant explicitly.
--   QUEUED -> SKIPPED   fn_skip_uncovered_members, fn_reserve_daily_270s (cap used up), cancel
--   QUEUED -> SUBMITTED fn_submit_sweep_member (before any 270 of it leaves)
--   SUBMITTED -> RECEIVED | FAILED     fn_complete_sweep_member (all its coverages answered)
--   SUBMITTED, awaiting a batch partner  fn_await_batch_answers (settled when the last 271 lands)
--   QUEUED | SUBMITTED -> FAILED        fn_fail_sweep_member (an internal error for this member)

-- Queued members whose coverage vanished since the roster was built are SKIPPED.
create or replace function eligibility_private.fn_skip_uncovered_members(p_tenant_id uuid, p_sweep_run_id uuid)
  returns integer language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  skipped integer;
begin
  update eligibility.sweep_run_member m set status = 'SKIPPED', failure_reason = eligibility_private.sweep_skip_reason('no_coverage'), completed_at = now()
  from eligibility.eligibility_sweep_run r
  where m.tenant_id = p_tenant_id and m.sweep_run_id = p_sweep_run_id and m.status = 'QUEUED'
    and r.tenant_id = m.tenant_id and r.id = m.sweep_run_id
    and not exists (select 1 from member.coverage_policy c
                    where c.tenant_id = m.tenant_id and c.member_id = m.member_id and c.status = 'ACTIVE'
                      and c.effective_from <= m.service_date and (c.effective_to is null or c.effective_to >= m.service_date)
                      and (cardinality(r.payer_ids) = 0 or c.payer_id = any (r.payer_ids)));
  get diagnostics skipped = row_count;
  return skipped;
end $$;

-- Reserves the member's 270s against each payer's daily_270_cap (p_counts: {payer_id: n}), all
-- or none; when a cap would be passed the member is SKIPPED with the reason and false returned.
-- The count starts from the 270s already sent that day (UTC) and is shared by every run and process.
create or replace function eligibility_private.fn_reserve_daily_270s(p_tenant_id uuid, p_sweep_run_member_id uuid, p_counts jsonb)
  returns boolean language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  today date := (now() at time zone 'UTC')::date;
  over record;
begin
  insert into eligibility_private.payer_daily_270 (tenant_id, payer_id, day, used)
  select p_tenant_id, p.id, today,
         (select count(*) from eligibility.eligibility_inquiry i
          where i.tenant_id = p_tenant_id and i.payer_id = p.id and i.sent_at >= today::timestamp at time zone 'UTC')
  from core.payer p join jsonb_each_text(p_counts) c on c.key::uuid = p.id
  where p.tenant_id = p_tenant_id and p.daily_270_cap is not null
    -- The count only for a day not counted yet: ON CONFLICT DO NOTHING alone would count the
    -- day's inquiries on every call (9 ms a member, growing with the run, in the eligibility bench).
    and not exists (select 1 from eligibility_private.payer_daily_270 u where u.tenant_id = p_tenant_id and u.payer_id = p.id and u.day = today)
  order by p.id
  on conflict do nothing;
  select p.code, p.daily_270_cap into over
  from core.payer p join jsonb_each_text(p_counts) c on c.key::uuid = p.id
  join eligibility_private.payer_daily_270 u on u.tenant_id = p.tenant_id and u.payer_id = p.id and u.day = today
  where p.tenant_id = p_tenant_id and u.used + c.value::integer > p.daily_270_cap
  order by p.code limit 1;
  if over.code is not null then
    update eligibility.sweep_run_member m set status = 'SKIPPED', completed_at = now(),
      failure_reason = eligibility_private.sweep_skip_reason('daily_cap', over.code, over.daily_270_cap)
    where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and m.status = 'QUEUED';
    return false;
  end if;
  update eligibility_private.payer_daily_270 u set used = u.used + c.value::integer
  from jsonb_each_text(p_counts) c
  where u.tenant_id = p_tenant_id and u.payer_id = c.key::uuid and u.day = today;
  return true;
end $$;

-- QUEUED -> SUBMITTED before anything of the member leaves; false when a cancel came first.
create or replace function eligibility_private.fn_submit_sweep_member(p_tenant_id uuid, p_sweep_run_member_id uuid)
  returns boolean language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  update eligibility.sweep_run_member m set status = 'SUBMITTED', attempts = attempts + 1, submitted_at = now()
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and m.status = 'QUEUED';
  return found;
end $$;

-- A coverage answered by a fresh 271 of another run (the cache): a CACHED inquiry copying it.
create or replace function eligibility_private.fn_reuse_cached_answer(p_tenant_id uuid, p_sweep_run_member_id uuid, p_coverage_policy_id uuid, p_cached_inquiry_id uuid)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  insert into eligibility.eligibility_inquiry (tenant_id, sweep_run_id, sweep_run_member_id, member_id, coverage_policy_id, payer_id, service_date,
    trace_number, outcome, outcome_reason, coverage_status, plan_name, plan_end, other_payer_primary, reject_codes, reused_inquiry_id, received_at)
  select p_tenant_id, m.sweep_run_id, m.id, m.member_id, p_coverage_policy_id, c.payer_id, m.service_date,
         'cache-' || replace(gen_random_uuid()::text, '-', ''), 'CACHED', 'Reused 271 received ' || to_char(c.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ': ' || c.outcome_reason,
         c.coverage_status, c.plan_name, c.plan_end, c.other_payer_primary, c.reject_codes, c.id, c.received_at
  from eligibility.sweep_run_member m, eligibility.eligibility_inquiry c
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and c.tenant_id = p_tenant_id and c.id = p_cached_inquiry_id;
$$;

-- All the member's coverages answered: RECEIVED, or FAILED with the reasons (p_failure_reason).
-- Lands even after a cancel: 270s already submitted resolve independently.
create or replace function eligibility_private.fn_complete_sweep_member(p_tenant_id uuid, p_sweep_run_member_id uuid, p_failure_reason text, p_cache_reused boolean)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  new_status text := case when p_failure_reason is null then 'RECEIVED' else 'FAILED' end;
begin
  update eligibility.sweep_run_member m set status = new_status, failure_reason = p_failure_reason, completed_at = now(),
    cache_reused = p_cache_reused, next_attempt_at = null
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and m.status = 'SUBMITTED';
  return new_status;
end $$;

-- A batch partner acknowledged the member's 270s: it stays SUBMITTED until the 271s land (pushed
-- or polled) or the partner's deadline passes; whoever stores the last answer settles it.
-- Answers may have landed already, so it is settled now too. p_failure_reason: coverages that
-- could not be sent at all.
create or replace function eligibility_private.fn_await_batch_answers(p_tenant_id uuid, p_sweep_run_member_id uuid, p_failure_reason text, p_cache_reused boolean)
  returns text language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  update eligibility.sweep_run_member m set awaiting_batch_since = now(), failure_reason = p_failure_reason, cache_reused = p_cache_reused, next_attempt_at = null
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and m.status = 'SUBMITTED';
  return eligibility_private.fn_settle_submitted_member(p_tenant_id, p_sweep_run_member_id);
end $$;

-- A bug or bad data for one member fails that member, not the run.
create or replace function eligibility_private.fn_fail_sweep_member(p_tenant_id uuid, p_sweep_run_member_id uuid, p_error text)
  returns void language sql volatile security definer set search_path = pg_catalog, public as $$
  update eligibility.sweep_run_member m set status = 'FAILED', failure_reason = 'Internal error while checking eligibility: ' || p_error, completed_at = now()
  where m.tenant_id = p_tenant_id and m.id = p_sweep_run_member_id and m.status in ('QUEUED', 'SUBMITTED');
$$;
