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

-- Set-based: one pass over the submission's claims and one over their lines (hash joins and
-- aggregates), the claim diagnoses and each line's pointers into them computed once for all
-- claims rather than per claim; 100,000 claims of 3 lines stream at the X12 writer's pace.
create or replace function billing_private.submission_837_claims(p_tenant_id uuid, p_submission_id uuid)
  returns table (transaction_set_control_number integer, claim json)
  language sql stable security definer set search_path = pg_catalog, public
  -- The aggregates and the final sort (by set, then claim) hold a whole submission: in memory
  -- rather than spilled to disk (100,000 claims of 3 lines need ~100 MB).
  set work_mem = '128MB' as $$
  with sub_line as materialized (
    select l.claim_id, l.line_number, l.procedure_code, l.modifiers, l.amount, l.units, l.service_date, l.place_of_service,
           l.diagnosis_codes, l.diagnosis_pointers
    from billing.claim_submission_claim sc
    join billing.claim_line l on l.tenant_id = sc.tenant_id and l.claim_id = sc.claim_id
    where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  ),
  -- The claim's diagnoses in order of first use (at most 12, HI ABK then ABF); pos is 1-based.
  dx as materialized (
    select d.claim_id, d.code, d.pos
    from (select u.claim_id, u.code, row_number() over (partition by u.claim_id order by min(u.first_use)) as pos
          from (select l.claim_id, x.code, l.line_number * 100 + x.ord as first_use
                from sub_line l cross join lateral unnest(l.diagnosis_codes) with ordinality x(code, ord)) u
          group by u.claim_id, u.code) d
    where d.pos <= 12
  ),
  claim_dx as (
    -- ICD-10-CM without the dot, as X12 carries it.
    select dx.claim_id, array_agg(replace(dx.code, '.', '') order by dx.pos) as diagnoses from dx group by dx.claim_id
  ),
  line_pointer as (
    select l.claim_id, l.line_number, array_agg(dx.pos order by q.o) as pointers
    from sub_line l
    cross join lateral unnest(l.diagnosis_pointers) with ordinality q(ptr, o)
    join dx on dx.claim_id = l.claim_id and dx.code = l.diagnosis_codes[q.ptr]
    group by l.claim_id, l.line_number
  ),
  claim_lines as (
    select l.claim_id, (array_agg(l.place_of_service order by l.line_number))[1] as place_of_service,
           json_agg(json_build_object(
             'procedure', l.procedure_code, 'modifiers', l.modifiers,
             'amount', l.amount::text, 'units', trim_scale(l.units)::text, 'serviceDate', l.service_date::text,
             'diagnosisPointers', coalesce(lp.pointers, '{}'))
           order by l.line_number) as lines
    from sub_line l
    left join line_pointer lp on lp.claim_id = l.claim_id and lp.line_number = l.line_number
    group by l.claim_id
  )
  select sc.transaction_set_control_number, json_build_object(
    'patientControlNumber', c.patient_control_number,
    'frequencyCode', c.frequency_code,
    -- REF*F8 of a replacement (7) or void (8): the payer's number of the claim it replaces.
    'payerClaimControlNumber', case when c.frequency_code <> '1' then c.payer_claim_control_number end,
    'totalAmount', c.total_amount::text,
    'placeOfService', cl.place_of_service,
    'billingProvider', json_build_object('npi', c.billing_npi, 'organisationName', f.name, 'ein', f.tax_id,
      'address', json_build_object('line1', f.address_line, 'city', f.city, 'state', f.state, 'zip', f.postal_code)),
    'payer', json_build_object('name', p.name, 'payerId', p.payer_identifier,
      'claimFilingIndicator', coalesce(p.claim_filing_indicator, case p.kind when 'MEDICARE' then 'MB' when 'MEDICAID' then 'MC' else 'CI' end)),
    'payerResponsibility', case cp.priority when 1 then 'P' when 2 then 'S' else 'T' end,
    'subscriber', case when cp.relationship_code = '18' then
        json_build_object('memberId', cp.subscriber_id, 'groupNumber', cp.group_number, 'relationshipToPatient', '18',
          'lastName', m.last_name, 'firstName', m.first_name, 'middleName', m.middle_name, 'dob', m.date_of_birth::text, 'gender', m.gender,
          'address', json_build_object('line1', m.address_line, 'city', m.city, 'state', m.state, 'zip', m.postal_code))
      else
        json_build_object('memberId', cp.subscriber_id, 'groupNumber', cp.group_number, 'relationshipToPatient', cp.relationship_code,
          'lastName', cp.subscriber_last_name, 'firstName', cp.subscriber_first_name, 'middleName', null, 'dob', cp.subscriber_date_of_birth::text,
          'gender', coalesce(cp.subscriber_gender, 'U'),
          'address', json_build_object('line1', cp.subscriber_address_line, 'city', cp.subscriber_city, 'state', cp.subscriber_state, 'zip', cp.subscriber_postal_code))
      end,
    'patient', case when cp.relationship_code <> '18' then
        json_build_object('lastName', m.last_name, 'firstName', m.first_name, 'middleName', m.middle_name,
          'dob', m.date_of_birth::text, 'gender', m.gender,
          'address', json_build_object('line1', m.address_line, 'city', m.city, 'state', m.state, 'zip', m.postal_code))
      end,
    'diagnoses', cd.diagnoses,
    'lines', cl.lines
  )
  from billing.claim_submission_claim sc
  join billing.claim c on c.tenant_id = sc.tenant_id and c.id = sc.claim_id
  join core.facility f on f.tenant_id = c.tenant_id and f.id = c.facility_id
  join core.payer p on p.tenant_id = c.tenant_id and p.id = c.payer_id
  join member.coverage_policy cp on cp.tenant_id = c.tenant_id and cp.id = c.coverage_policy_id
  join member.member m on m.tenant_id = c.tenant_id and m.id = c.member_id
  left join claim_lines cl on cl.claim_id = c.id
  left join claim_dx cd on cd.claim_id = c.id
  where sc.tenant_id = p_tenant_id and sc.submission_id = p_submission_id
  order by sc.transaction_set_control_number, c.id;
$$;
