-- The body of billing.fn_submit_claims for the given tenants (see there). Claims are locked in
-- id order so that concurrent submits of the same claims queue; the second one finds them
-- SUBMITTED (ALREADY_SUBMITTED / NOT_BUILT).
create or replace function billing_private.submit_claims(p_tenants uuid[], p_claim_ids uuid[], p_actor text)
  returns setof billing.claim_submit_outcome
  language plpgsql volatile
  set search_path = pg_catalog, public
  as $$
declare
  v_ids uuid[];
  v_errors int;
begin
  if p_claim_ids is null then
    select coalesce(array_agg(c.id order by c.id), '{}') into v_ids
    -- BUILT claims found through billing_private.claim_lookup's status index (migration 61); the
    -- claim's own status is tested again once its row is locked.
    from (select c.id from billing_private.claim_lookup k join billing.claim c on c.tenant_id = k.tenant_id and c.id = k.claim_id
          where k.tenant_id = any(p_tenants) and k.status = 'BUILT' and c.status = 'BUILT' order by c.tenant_id, c.id for update of c) c;
  else
    perform 1 from billing.claim c where c.tenant_id = any(p_tenants) and c.id = any(p_claim_ids) order by c.tenant_id, c.id for update;
    v_ids := p_claim_ids;
  end if;

  create temporary table if not exists pg_temp.submit_error (claim_id uuid, error_code text, error_message text) on commit drop;
  truncate pg_temp.submit_error;
  insert into pg_temp.submit_error select * from billing_private.claim_submission_errors(p_tenants, v_ids);
  get diagnostics v_errors = row_count;
  if v_errors > 0 and p_claim_ids is not null then
    return query select null::uuid, null::uuid, null::int, null::bigint, e.claim_id, e.error_code, e.error_message from pg_temp.submit_error e;
    return;
  end if;

  return query
  with ready as (
    select c.tenant_id, c.id, c.total_amount, coalesce(p.claims_trading_partner_id, p.trading_partner_id) as partner_id
    from billing.claim c join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
    where c.tenant_id = any(p_tenants) and c.id = any(v_ids)
      and not exists (select 1 from pg_temp.submit_error e where e.claim_id = c.id)
  ), per_partner as (
    select r.tenant_id, r.partner_id, count(*)::int as claim_count, sum(r.total_amount) as total_amount,
           eligibility_private.fn_reserve_control_numbers(r.tenant_id, r.partner_id, 1) as isa13
    from ready r group by r.tenant_id, r.partner_id
  ), submission as (
    insert into billing.claim_submission (tenant_id, trading_partner_id, interchange_control_number, claim_count, total_amount, created_by)
    select pp.tenant_id, pp.partner_id, pp.isa13, pp.claim_count, pp.total_amount, p_actor from per_partner pp
    returning tenant_id, id, trading_partner_id, claim_count, interchange_control_number
  ), member as (
    -- At most 5,000 claims per transaction set (the 837P guide's recommendation).
    insert into billing.claim_submission_claim (tenant_id, submission_id, claim_id, transaction_set_control_number)
    select r.tenant_id, s.id, r.id, ((row_number() over (partition by s.id order by r.id) - 1) / 5000 + 1)::int
    from ready r join submission s on s.tenant_id = r.tenant_id and s.trading_partner_id = r.partner_id
    returning tenant_id, claim_id, submission_id
  ), moved as (
    update billing.claim c set status = 'SUBMITTED', status_changed_at = now(), submitted_at = now()
    from member m where c.tenant_id = m.tenant_id and c.id = m.claim_id
    returning c.tenant_id, c.id, m.submission_id
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select mv.tenant_id, mv.id, 'BUILT', 'SUBMITTED',
           format('in 837P submission ISA13 %s to %s', s.interchange_control_number, tp.name), p_actor
    from moved mv join submission s on s.tenant_id = mv.tenant_id and s.id = mv.submission_id
    join core.trading_partner tp on tp.tenant_id = s.tenant_id and tp.id = s.trading_partner_id
  ), alerts as (
    update billing.timely_filing_alert a set resolved_at = now(), resolution = 'claim submitted'
    from moved mv where a.tenant_id = mv.tenant_id and a.claim_id = mv.id and a.resolved_at is null
  ), job as (
    select graphile_worker.add_job('claims/send-submission', json_build_object('tenantId', s.tenant_id, 'submissionId', s.id),
             queue_name => core_private.job_queue(s.tenant_id, 'claims'), job_key => 'claim-submission:' || s.id) as j
    from submission s
  )
  select s.id, s.trading_partner_id, s.claim_count, s.interchange_control_number, null::uuid, null::text, null::text
  from submission s where (select count(*) from job) >= 0
  union all
  select null, null, null, null, e.claim_id, e.error_code, e.error_message from pg_temp.submit_error e;
end $$;
