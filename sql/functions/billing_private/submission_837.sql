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

-- The claims of a submission in claim id order (the order submit_claims numbers the transaction
-- sets in), one flat row each: the claim with its billing provider, payer, coverage and member
-- columns. No JSON is built here: building one nested document per claim was four fifths of the
-- time of a 100,000-claim file; server/claims/submission-837-claims.ts reads these rows and the
-- lines below through two cursors and makes each Claim837.
-- Each claim, coverage and member is looked up by its primary key in a LATERAL ... OFFSET 0
-- subquery (OFFSET 0 keeps the planner from flattening it). Plain joins let the planner pick a
-- plan from the statistics, and the send runs seconds after the build made the claims, before
-- autovacuum has analyzed them: the tenant's claims were estimated at one row, and the plan
-- scanned all of the tenant's claims (and, for the lines, all of the submission's rows) once per
-- claim: quadratic, 44-200 s for 1,000-3,000 claims in the faults bench. Keyed lookups are linear
-- whatever the statistics say.
create or replace function billing_private.submission_837_claim_rows(p_tenant_id uuid, p_submission_id uuid)
  returns table (claim_id uuid, patient_control_number text, frequency_code text, total_amount text, billing_npi text,
                 facility_name text, facility_tax_id text, facility_address_line text, facility_city text, facility_state text, facility_postal_code text,
                 payer_name text, payer_identifier text, claim_filing_indicator text, coverage_priority integer, relationship_code text,
                 subscriber_id text, group_number text, subscriber_last_name text, subscriber_first_name text, subscriber_date_of_birth text,
                 subscriber_gender text, subscriber_address_line text, subscriber_city text, subscriber_state text, subscriber_postal_code text,
                 member_last_name text, member_first_name text, member_middle_name text, member_date_of_birth text, member_gender text,
                 member_address_line text, member_city text, member_state text, member_postal_code text,
                 replaced_payer_claim_control_number text)
  -- Plain SQL, stable, invoker, no SET: the planner inlines it, so a cursor over it streams rows as
  -- they are joined rather than after the whole result is stored. Its caller is the owner.
  language sql stable as $$
  select c.id, c.patient_control_number, c.frequency_code, c.total_amount::text, c.billing_npi,
         f.name, f.tax_id, f.address_line, f.city, f.state, f.postal_code,
         p.name, p.payer_identifier, coalesce(p.claim_filing_indicator, case p.kind when 'MEDICARE' then 'MB' when 'MEDICAID' then 'MC' else 'CI' end),
         cp.priority, cp.relationship_code,
         cp.subscriber_id, cp.group_number, cp.subscriber_last_name, cp.subscriber_first_name, cp.subscriber_date_of_birth::text,
         cp.subscriber_gender, cp.subscriber_address_line, cp.subscriber_city, cp.subscriber_state, cp.subscriber_postal_code,
         m.last_name, m.first_name, m.middle_name, m.date_of_birth::text, m.gender, m.address_line, m.city, m.state, m.postal_code,
         -- REF*F8 of a replacement (7) or void (8): the payer's number of the claim it replaces.
         case when c.frequency_code <> '1' then c.payer_claim_control_number end
  from billing.claim_submission_claim sc
  cross join lateral (select * from billing.claim c where c.tenant_id = sc.tenant_id and c.id = sc.claim_id offset 0) c
  cross join lateral (select * from core.facility f where f.tenant_id = c.tenant_id and f.id = c.facility_id offset 0) f
  cross join lateral (select * from core.payer p where p.tenant_id = c.tenant_id and p.id = c.payer_id offset 0) p
  cross join lateral (select * from member.coverage_policy cp where cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id offset 0) cp
  cross join lateral (select * from member.member m where m.tenant_id = c.tenant_id and m.id = c.member_id offset 0) m
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.claim_id;
$$;

-- The service lines of a submission's claims, in the order of submission_837_claim_rows and then
-- by line number. The claim diagnoses (order of first use, at most 12) and each line's pointers
-- into them are worked out per claim where the rows are read.
-- Each claim's lines by its key (tenant_id, claim_id, line_number), as above: linear whatever the
-- statistics say.
create or replace function billing_private.submission_837_line_rows(p_tenant_id uuid, p_submission_id uuid)
  returns table (claim_id uuid, procedure_code text, modifiers text[], amount text, units text, service_date text, place_of_service text,
                 diagnosis_codes text[], diagnosis_pointers smallint[])
  language sql stable as $$
  select l.claim_id, l.procedure_code, l.modifiers, l.amount::text, trim_scale(l.units)::text, l.service_date::text, l.place_of_service,
         l.diagnosis_codes, l.diagnosis_pointers
  from billing.claim_submission_claim sc
  cross join lateral (select * from billing.claim_line l where l.tenant_id = sc.tenant_id and l.claim_id = sc.claim_id order by l.line_number offset 0) l
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.claim_id, l.line_number;
$$;
