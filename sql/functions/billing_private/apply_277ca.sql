-- A 277CA's claim-level answers, as parsed by the X12 reader:
--   [{"patientControlNumber", "payerClaimControlNumber", "statuses": [{"category", "code", "entity"}]}]
-- Each is matched to the tenant's SUBMITTED claim with that CLM01 in an open submission. A
-- category whose outcome (x12_code.claim_status_category) is ACCEPTED (A1, A2, A5) makes the
-- claim ACCEPTED with the payer's claim control number (REF*1K); a REJECTED one (A3, A4, A6, A7,
-- A8, ...) makes it REJECTED with the reason "A7:562:85 — <status code meaning> — <entity
-- meaning>"; others (pending, informational) are recorded only. Unknown claims, another
-- tenant's, and claims not awaiting an answer are returned as unmatched and never applied.
-- Set-based: a 277CA of 10,000 claims is a handful of statements.
create or replace function billing_private.fn_apply_277ca(p_tenant_id uuid, p_file_id uuid, p_claims jsonb, p_actor text)
  returns jsonb language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  v_accepted integer;
  v_rejected integer := 0;
  v_submission uuid;
  v_unmatched jsonb;
begin
  create temporary table if not exists pg_temp.ca_claim (
    ord integer, pcn text, payer_ccn text, statuses jsonb, claim_id uuid, submission_id uuid, outcome text, reason text, reason_group text, summary text
  ) on commit drop;
  truncate pg_temp.ca_claim;

  -- Each distinct list of statuses is read once against the code tables, and every claim takes
  -- its outcome from its list: a 277CA answers thousands of claims with a handful of lists (most
  -- often one, A1 or A2), and decoding each claim's statuses on its own cost a join against the
  -- code tables per claim (a hash of the 666 status codes built 10,000 times: most of the apply).
  -- The lists are told apart by their text (jsonb prints canonically; two texts of one list would
  -- only decode it twice): grouping and joining on the jsonb hashed and compared each claim's list
  -- as a container, the text once as bytes (this statement 0.58 -> 0.53 G instructions of a
  -- 10,000-claim 277CA).
  insert into pg_temp.ca_claim (ord, pcn, payer_ccn, statuses, claim_id, submission_id, outcome, reason, reason_group, summary)
  with x as (
    select e.ord::int, e.v->>'patientControlNumber' as pcn, nullif(e.v->>'payerClaimControlNumber', '') as payer_ccn, coalesce(e.v->'statuses', '[]') as statuses,
           coalesce(e.v->'statuses', '[]')::text as statuses_key
    from jsonb_array_elements(p_claims) with ordinality e(v, ord)
  ), d as (
    select k.statuses_key, bool_or(cat.claim_outcome = 'REJECTED') as bool_or_rej, bool_or(cat.claim_outcome = 'ACCEPTED') as bool_or_acc,
           string_agg(format('%s:%s:%s — %s — %s', s.v->>'category', s.v->>'code', coalesce(s.v->>'entity', ''),
                             coalesce(cs.description, 'status code ' || (s.v->>'code')),
                             coalesce(ei.description, case when s.v->>'entity' is null then 'no entity' else 'entity ' || (s.v->>'entity') end)), '; ' order by s.n)
             filter (where cat.claim_outcome = 'REJECTED') as reason,
           '277CA ' || string_agg(format('%s:%s:%s', s.v->>'category', s.v->>'code', coalesce(s.v->>'entity', '')), ', ' order by s.n)
             filter (where cat.claim_outcome = 'REJECTED') as reason_group,
           -- what an accepted claim's history says: "277CA A2:20"
           '277CA ' || string_agg(format('%s:%s', s.v->>'category', s.v->>'code'), ', ' order by s.n) as summary
    from (select x.statuses_key, any_value(x.statuses) as statuses from x group by x.statuses_key) k
    cross join lateral jsonb_array_elements(k.statuses) with ordinality s(v, n)
    left join x12_code.claim_status_category cat on cat.code = s.v->>'category'
    left join x12_code.claim_status cs on cs.code = s.v->>'code'
    left join x12_code.entity_identifier ei on ei.code = s.v->>'entity'
    group by k.statuses_key
  )
  select x.ord, x.pcn, x.payer_ccn, x.statuses, m.claim_id, m.submission_id,
         case when m.claim_id is null then null
              when d.bool_or_rej then 'REJECTED' when d.bool_or_acc then 'ACCEPTED' else 'NONE' end,
         d.reason, d.reason_group, d.summary
  from x
  -- Keyed lookups, whatever the statistics say: the claim by its patient control number alone
  -- (the unique key), its status tested after, then its open submission row by claim id, each in
  -- a subquery the planner cannot merge (OFFSET 0). A 277CA comes soon after its submission,
  -- before autovacuum has analyzed billing.claim and billing.claim_submission_claim: with the
  -- claims' statistics saying few are SUBMITTED, the plan walked the (tenant_id, status) index,
  -- every SUBMITTED claim once per claim of the 277CA (a 10,000-claim 277CA after a
  -- 100,000-claim submission ran for over seven minutes in the bench); with the submission rows
  -- not yet counted, it read all of the tenant's open submission rows once per claim.
  -- test/claims-out/ack-linear.test.ts holds both.
  left join lateral (
    select c.id as claim_id, sc.submission_id
    from (select c.id, c.status from billing.claim c where c.tenant_id = p_tenant_id and c.patient_control_number = x.pcn offset 0) c
    cross join lateral (select sc.submission_id from billing.claim_submission_claim sc
                        where sc.tenant_id = p_tenant_id and sc.claim_id = c.id and sc.closed_at is null offset 0) sc
    where c.status = 'SUBMITTED'
  ) m on true
  left join d on d.statuses_key = x.statuses_key;

  -- A temporary table has no statistics (autovacuum never analyzes it): planned as 32 rows, and
  -- with billing.claim's statistics older than a large submission (few SUBMITTED claims as far as
  -- the planner knows), the claim UPDATE below scanned the whole table once per matched claim
  -- (a 10,000-claim 277CA took 100 s instead of 5). With its real size the plan is a hash or
  -- primary-key join whatever the claim statistics say. Only the columns the statements below join
  -- and filter on (0.14 -> 0.03 G instructions: the statistics of the statuses, reasons and texts
  -- were most of it). outcome's are needed: without them the planner takes 0.5 % of the answers as
  -- ACCEPTED and, with claim statistics from before the submission, the UPDATE became a nested loop
  -- scanning the answers once per SUBMITTED claim.
  analyze pg_temp.ca_claim (claim_id, submission_id, outcome);

  with moved as (
    update billing.claim c set status = 'ACCEPTED', status_changed_at = now(), responded_at = now(), payer_claim_control_number = a.payer_ccn
    from pg_temp.ca_claim a where c.tenant_id = p_tenant_id and c.id = a.claim_id and a.outcome = 'ACCEPTED' and c.status = 'SUBMITTED'
    returning c.id, a.payer_ccn, a.summary
  ), history as (
    insert into billing.claim_status_history (tenant_id, claim_id, from_status, to_status, reason, recorded_by)
    select p_tenant_id, m.id, 'SUBMITTED', 'ACCEPTED', m.summary || coalesce(', payer claim number ' || m.payer_ccn, ''), p_actor
    from moved m
  ), closed as (
    update billing.claim_submission_claim sc set closed_at = now()
    from moved m where sc.tenant_id = p_tenant_id and sc.claim_id = m.id and sc.closed_at is null
  ), stale as (
    update billing.stale_claim_flag s set resolved_at = now(), resolution = 'payer responded: ACCEPTED'
    from moved m where s.tenant_id = p_tenant_id and s.claim_id = m.id and s.resolved_at is null
  )
  select count(*) into v_accepted from moved;

  for v_submission in select distinct a.submission_id from pg_temp.ca_claim a where a.outcome = 'REJECTED' loop
    v_rejected := v_rejected + billing_private.fn_reject_submitted_claims(p_tenant_id, v_submission,
      (select jsonb_agg(jsonb_build_object('claimId', a.claim_id, 'reason', a.reason, 'reasonGroup', a.reason_group))
       from pg_temp.ca_claim a where a.submission_id = v_submission and a.outcome = 'REJECTED'), p_actor);
  end loop;

  -- After the claims moved: the acknowledgments' check then finds claims this transaction wrote,
  -- which it need not lock (lock-unless-written-here, migration 62-parentcheck).
  insert into billing.claim_acknowledgment (tenant_id, acknowledgment_file_id, submission_id, claim_id, kind, status, codes, reason, payer_claim_control_number)
  select p_tenant_id, p_file_id, a.submission_id, a.claim_id, '277CA',
         case a.outcome when 'REJECTED' then 'REJECTED' when 'ACCEPTED' then 'ACCEPTED' else 'PENDING' end,
         a.statuses, a.reason, a.payer_ccn
  from pg_temp.ca_claim a where a.claim_id is not null;

  select coalesce(jsonb_agg(jsonb_build_object('patientControlNumber', a.pcn,
           'reason', 'no SUBMITTED claim of this tenant awaits an answer with this patient control number') order by a.ord), '[]')
  into v_unmatched from pg_temp.ca_claim a where a.claim_id is null;

  -- A submission whose claims all have their answer is ACKNOWLEDGED (if its 999 did not already say so).
  update billing.claim_submission s set status = 'ACKNOWLEDGED', acknowledged_at = coalesce(s.acknowledged_at, now())
  where s.tenant_id = p_tenant_id and s.status = 'SENT'
    and s.id in (select distinct a.submission_id from pg_temp.ca_claim a where a.submission_id is not null);

  return jsonb_build_object('accepted', v_accepted, 'rejected', v_rejected, 'unmatched', v_unmatched);
end $$;
