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
