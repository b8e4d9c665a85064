-- The content of a submission's 837P (the x12/claim-837.ts types), read by the claims/send-submission task (as owner, tenant
-- explicit) and streamed into the file: the envelope once, then one JSON document per claim in
-- transaction-set order. Amounts are decimal strings, dates ISO. The X12 writer turns them into
-- loops 2000A-2400; everything a payer needs is resolved here (filing indicator from the payer's
-- kind, responsibility from the coverage priority, claim-level diagnoses with each line's
-- pointers into them). No 2310B rendering provider: the schema has rendering NPIs but not their
-- names, which NM1*82 requires; the billing provider renders.

create or replace function billing_private.submission_837_envelope(p_tenant_id uuid, p_submission_id uuid)
  returns json language sql stable security definer set search_path = pg_catalog, public as $$
  -- An Interchange837Header (x12/claim-837.ts); GS06 = ISA13, createdAt fixed at the submission's
  -- creation so that a re-send writes the same bytes.
  select json_build_object(
    'sender', json_build_object('qualifier', tp.sender_qualifier, 'id', tp.sender_id),
    'receiver', json_build_object('qualifier', tp.receiver_qualifier, 'id', tp.receiver_id),
    'interchangeControlNumber', s.interchange_control_number,
    'groupControlNumber', s.interchange_control_number,
    'usage', tp.usage_indicator,
    'createdAt', to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'submitter', json_build_object('id', coalesce(tp.submitter_id, tp.sender_id), 'name', coalesce(tp.submitter_name, t.name),
                                   'contact', json_build_object('name', tp.submitter_contact_name, 'phone', tp.submitter_contact_phone)),
    'receiver1000B', json_build_object('id', tp.receiver_id, 'name', coalesce(tp.receiver_name, tp.name)),
    'claimCount', s.claim_count,
    'transactionSetCount', (select max(sc.transaction_set_control_number) from billing.claim_submission_claim sc where sc.tenant_id = s.tenant_id and sc.submission_id = s.id)
  )
  from billing.claim_submission s
  join core.trading_partner tp on tp.tenant_id = s.tenant_id and tp.id = s.trading_partner_id
  join core.tenant t on t.id = s.tenant_id
  where s.tenant_id = p_tenant_id and s.id = p_submission_id;
$$;

-- The claims of a submission in claim id order (the order submit_claims numbered them into
-- transaction sets), one text value per claim, read through a cursor by
-- server/claims/submission-837-claims.ts, which makes each Claim837 of it:
--   the claim's fields (claim, billing provider, payer, coverage, member; see CLAIM_FIELDS there)
--   joined by U+001F, a NULL written as U+001E, then U+001D and its lines, each line's fields
--   (procedure, modifiers, amount, units, service date, place of service, diagnosis codes,
--   diagnosis pointers; the arrays joined by U+001C) joined by U+001F, the lines by U+001D.
-- Why one packed value: the Node side's cost was reading 6.3 million fields for 100,000 claims
-- (a string each, array parsing for the three arrays: over half of its CPU); one value per
-- claim split there costs a fraction of that, and one cursor replaces the two merged by claim
-- id. Building one nested JSON document per claim here cost four fifths of the time.
-- The separators cannot occur in the values: names, addresses and ids with control characters
-- fail the 837P checks (x12/validate-837p.ts) as before, the reader checks each claim's and
-- line's field count, and modifiers and diagnosis codes were checked at charge validation.
-- Each claim, coverage and member is looked up by its primary key in a LATERAL ... OFFSET 0
-- subquery (OFFSET 0 keeps the planner from flattening it). Plain joins let the planner pick a
-- plan from the statistics, and the send runs seconds after the build made the claims, before
-- autovacuum has analyzed them: the tenant's claims were estimated at one row, and the plan
-- scanned all of the tenant's claims (and all of the submission's lines) once per claim:
-- quadratic, 44-200 s for 1,000-3,000 claims in the faults bench. Keyed lookups are linear
-- whatever the statistics say.
create or replace function billing_private.submission_837_claim_records(p_tenant_id uuid, p_submission_id uuid)
  returns setof text
  -- Plain SQL, stable, invoker, no SET: the planner inlines it, so a cursor over it streams rows as
  -- they are joined rather than after the whole result is stored. Its caller is the owner.
  language sql stable as $$
  select array_to_string(array[
           c.id::text, c.patient_control_number, c.frequency_code, c.total_amount::text, c.billing_npi,
           f.name, f.tax_id, f.address_line, f.city, f.state, f.postal_code,
           p.name, p.payer_identifier, coalesce(p.claim_filing_indicator, case p.kind when 'MEDICARE' then 'MB' when 'MEDICAID' then 'MC' else 'CI' end),
           cp.priority::text, cp.relationship_code,
           cp.subscriber_id, cp.group_number, cp.subscriber_last_name, cp.subscriber_first_name, cp.subscriber_date_of_birth::text,
           cp.subscriber_gender, cp.subscriber_address_line, cp.subscriber_city, cp.subscriber_state, cp.subscriber_postal_code,
           m.last_name, m.first_name, m.middle_name, m.date_of_birth::text, m.gender, m.address_line, m.city, m.state, m.postal_code,
           -- REF*F8 of a replacement (7) or void (8): the payer's number of the claim it replaces.
           case when c.frequency_code <> '1' then c.payer_claim_control_number end
         ], E'\x1f', E'\x1e') || E'\x1d' || coalesce(l.lines, '')
  from billing.claim_submission_claim sc
  cross join lateral (select * from billing.claim c where c.tenant_id = sc.tenant_id and c.id = sc.claim_id offset 0) c
  cross join lateral (select * from core.facility f where f.tenant_id = c.tenant_id and f.id = c.facility_id offset 0) f
  cross join lateral (select * from core.payer p where p.tenant_id = c.tenant_id and p.id = c.payer_id offset 0) p
  cross join lateral (select * from member.coverage_policy cp where cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id offset 0) cp
  cross join lateral (select * from member.member m where m.tenant_id = c.tenant_id and m.id = c.member_id offset 0) m
  -- The claim's lines by its key (tenant_id, claim_id, line_number), in line order.
  cross join lateral (
    select string_agg(array_to_string(array[
             l.procedure_code, array_to_string(l.modifiers, E'\x1c'), l.amount::text, trim_scale(l.units)::text, l.service_date::text,
             l.place_of_service, array_to_string(l.diagnosis_codes, E'\x1c'), array_to_string(l.diagnosis_pointers, E'\x1c')
           ], E'\x1f', E'\x1e'), E'\x1d' order by l.line_number) as lines
    from billing.claim_line l where l.tenant_id = sc.tenant_id and l.claim_id = sc.claim_id
  ) l
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.claim_id;
$$;

-- Coordination of benefits of a submission's claims to a secondary or tertiary payer: one row per
-- claim and payer that adjudicated it before (the chain of primary_claim_id: the primary, then
-- the secondary of a tertiary claim), in the order of submission_837_claim_rows and then by
-- coverage priority. other_payer is an OtherPayer837 (x12/claim-837.ts) built from that payer's
-- posted 835: its latest payment that no reversal undid (AMT*D paid, AMT*EAF its patient
-- responsibility, REF*F8 its claim control number, DTP*573 the remittance's payment date), its
-- claim-level CAS (2320) and each SVC's paid amount and CAS (2430), a CAS per group and reason
-- summed. A prior claim with no posted 835 (adjudicated on paper) gives SBR/OI/NM1s only.
-- JSON is built here, unlike the claim and line rows: COB claims are a small part of a file, and
-- a primary claim (no primary_claim_id) costs one keyed lookup that finds nothing.
create or replace function billing_private.submission_837_cob_rows(p_tenant_id uuid, p_submission_id uuid)
  returns table (claim_id uuid, other_payer json)
  language sql stable as $$
  select sc.claim_id, json_build_object(
    'payerResponsibility', case pcp.priority when 1 then 'P' when 2 then 'S' else 'T' end,
    'relationshipToPatient', coalesce(pcp.relationship_code, '18'),
    'groupNumber', pcp.group_number,
    'claimFilingIndicator', coalesce(pp.claim_filing_indicator, case pp.kind when 'MEDICARE' then 'MB' when 'MEDICAID' then 'MC' else 'CI' end),
    'subscriber', case when coalesce(pcp.relationship_code, '18') = '18'
                       then json_build_object('memberId', pcp.subscriber_id, 'lastName', m.last_name, 'firstName', m.first_name, 'middleName', m.middle_name)
                       else json_build_object('memberId', pcp.subscriber_id, 'lastName', pcp.subscriber_last_name, 'firstName', pcp.subscriber_first_name) end,
    'payer', json_build_object('name', pp.name, 'payerId', coalesce(pp.payer_identifier, pp.code)),
    'payerClaimControlNumber', coalesce(pay.payer_claim_control_number, prior.payer_claim_control_number),
    'adjudication', case when pay.id is not null then json_build_object(
      'date', coalesce(r.payment_date, (pay.posted_at at time zone 'UTC')::date)::text,
      'paidAmount', pay.paid_amount::text,
      'remainingPatientLiability', pay.patient_responsibility::text,
      'adjustments', coalesce((
        select json_agg(json_build_object('group', a.group_code, 'reason', a.reason_code, 'amount', a.amount::text, 'quantity', trim_scale(a.quantity)::text) order by a.first)
        from (select ca.group_code, ca.reason_code, sum(ca.amount) as amount, sum(ca.quantity) as quantity, min(ca.seq) as first
              from billing.claim_adjustment ca
              where ca.tenant_id = pay.tenant_id and ca.claim_payment_id = pay.id and ca.level = 'CLAIM'
              group by ca.group_code, ca.reason_code) a), '[]'),
      'lines', coalesce((
        select json_agg(json_build_object(
                 'lineNumber', s.line_number, 'paidAmount', s.paid_amount::text, 'procedure', s.procedure_code, 'modifiers', s.modifiers,
                 'units', coalesce(trim_scale(s.units), 1)::text,
                 'adjustments', coalesce((
                   select json_agg(json_build_object('group', a.group_code, 'reason', a.reason_code, 'amount', a.amount::text, 'quantity', trim_scale(a.quantity)::text) order by a.first)
                   from (select la.group_code, la.reason_code, sum(la.amount) as amount, sum(la.quantity) as quantity, min(la.seq) as first
                         from billing.claim_adjustment la
                         where la.tenant_id = pay.tenant_id and la.claim_payment_id = pay.id and la.level = 'LINE' and la.line_number = s.line_number
                         group by la.group_code, la.reason_code) a), '[]'))
               order by s.line_number)
        from billing.claim_service_payment s where s.tenant_id = pay.tenant_id and s.claim_payment_id = pay.id), '[]'))
    end)
  from billing.claim_submission_claim sc
  cross join lateral (select c.tenant_id, c.primary_claim_id from billing.claim c
                       where c.tenant_id = sc.tenant_id and c.id = sc.claim_id and c.primary_claim_id is not null offset 0) c
  cross join lateral (
    with recursive chain (id, depth) as (
      select c.primary_claim_id, 1
      union all
      select pc.primary_claim_id, chain.depth + 1
      from chain join billing.claim pc on pc.tenant_id = c.tenant_id and pc.id = chain.id
      where pc.primary_claim_id is not null and chain.depth < 10
    ) select chain.id from chain) chain
  cross join lateral (select * from billing.claim pc where pc.tenant_id = c.tenant_id and pc.id = chain.id offset 0) prior
  cross join lateral (select * from member.coverage_policy cp where cp.tenant_id = prior.tenant_id and cp.id = prior.coverage_policy_id offset 0) pcp
  cross join lateral (select * from core.payer p where p.tenant_id = prior.tenant_id and p.id = prior.payer_id offset 0) pp
  cross join lateral (select * from member.member mm where mm.tenant_id = prior.tenant_id and mm.id = prior.member_id offset 0) m
  left join lateral (
    select * from billing.claim_payment cpay
    where cpay.tenant_id = prior.tenant_id and cpay.claim_id = prior.id and cpay.claim_status_code <> '22' and cpay.reversed_by is null
    order by cpay.posted_at desc, cpay.sequence desc limit 1) pay on true
  left join billing.remittance r on r.tenant_id = pay.tenant_id and r.id = pay.remittance_id
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.claim_id, pcp.priority;
$$;
