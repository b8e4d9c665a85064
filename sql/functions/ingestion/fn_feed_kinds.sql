-- GET /feeds/kinds: the record shape of each feed kind as JSON schema (draft 2020-12). Field
-- names are the source system's (MemberId, ServiceDate); references are source identifiers
-- (member number, facility code, payer code, event number). Unknown fields are kept with the
-- record and ignored. Dates are YYYY-MM-DD.
create or replace function ingestion.fn_feed_kinds() returns jsonb
  language plpgsql stable
  as $$
declare
  v_date constant jsonb := '{"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}';
  v_id constant jsonb := '{"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,40}$"}';
  v_npi constant jsonb := '{"type": "string", "pattern": "^[12][0-9]{9}$", "description": "10-digit NPI with a valid Luhn check digit"}';
begin
  perform core.assert_permission('ingestion.read');
  return jsonb_build_object(
    'members', jsonb_build_object(
      '$schema', 'https://json-schema.org/draft/2020-12/schema', 'title', 'members', 'type', 'object', 'additionalProperties', true,
      'description', 'Upserts member.member by MemberId.',
      'defaultIdempotencyKeyFields', jsonb_build_array('MemberId'),
      'required', jsonb_build_array('MemberId', 'FirstName', 'LastName', 'DateOfBirth'),
      'properties', jsonb_build_object(
        'MemberId', v_id || '{"description": "the source system''s member id (member_number)"}',
        'FirstName', '{"type": "string", "minLength": 1}'::jsonb,
        'LastName', '{"type": "string", "minLength": 1}'::jsonb,
        'MiddleName', '{"type": "string"}'::jsonb,
        'DateOfBirth', v_date || '{"description": "on or after 1900-01-01, not in the future"}',
        'Gender', '{"type": "string", "enum": ["M", "F", "U"], "default": "U"}'::jsonb,
        'AddressLine', '{"type": "string"}'::jsonb,
        'City', '{"type": "string"}'::jsonb,
        'State', '{"type": "string", "pattern": "^[A-Z]{2}$"}'::jsonb,
        'PostalCode', '{"type": "string", "pattern": "^[0-9]{5}(-?[0-9]{4})?$"}'::jsonb,
        'Phone', '{"type": "string"}'::jsonb)),
    'coverage_policies', jsonb_build_object(
      '$schema', 'https://json-schema.org/draft/2020-12/schema', 'title', 'coverage_policies', 'type', 'object', 'additionalProperties', true,
      'description', 'Upserts member.coverage_policy by (MemberId, PayerId, SubscriberId, EffectiveFrom).',
      'defaultIdempotencyKeyFields', jsonb_build_array('MemberId', 'PayerId', 'SubscriberId', 'EffectiveFrom'),
      'required', jsonb_build_array('MemberId', 'PayerId', 'SubscriberId', 'EffectiveFrom'),
      'properties', jsonb_build_object(
        'MemberId', v_id || '{"description": "a member of this tenant (load members first)"}',
        'PayerId', '{"type": "string", "description": "the payer code of this tenant (MCR, AETNA ...)"}'::jsonb,
        'SubscriberId', '{"type": "string", "pattern": "^[A-Za-z0-9-]{2,80}$"}'::jsonb,
        'GroupNumber', '{"type": "string"}'::jsonb,
        'PlanName', '{"type": "string"}'::jsonb,
        'Relationship', '{"type": "string", "enum": ["18", "01", "19", "20", "21", "39", "40", "53", "G8"], "default": "18", "description": "X12 INS02: 18 self, 01 spouse, 19 child ..."}'::jsonb,
        'SubscriberFirstName', '{"type": "string", "description": "required when Relationship is not 18"}'::jsonb,
        'SubscriberLastName', '{"type": "string", "description": "required when Relationship is not 18"}'::jsonb,
        'SubscriberDateOfBirth', v_date || '{"description": "required when Relationship is not 18"}',
        'SubscriberGender', '{"type": "string", "enum": ["M", "F", "U"]}'::jsonb,
        'EffectiveFrom', v_date,
        'EffectiveTo', v_date || '{"description": "on or after EffectiveFrom; absent: open-ended"}',
        'Status', '{"type": "string", "enum": ["ACTIVE", "INACTIVE", "TERMINATED"], "default": "ACTIVE"}'::jsonb,
        'Priority', '{"type": ["integer", "string"], "enum": [1, 2, 3, "1", "2", "3"], "default": 1, "description": "1 primary, 2 secondary, 3 tertiary"}'::jsonb)),
    'service_events', jsonb_build_object(
      '$schema', 'https://json-schema.org/draft/2020-12/schema', 'title', 'service_events', 'type', 'object', 'additionalProperties', true,
      'description', 'Upserts service.service_event by EventId.',
      'defaultIdempotencyKeyFields', jsonb_build_array('EventId'),
      'required', jsonb_build_array('EventId', 'MemberId', 'FacilityId', 'ServiceDate'),
      'properties', jsonb_build_object(
        'EventId', v_id || '{"description": "the source system''s visit id (event_number)"}',
        'MemberId', v_id || '{"description": "a member of this tenant"}',
        'FacilityId', '{"type": "string", "description": "the facility code of this tenant (MAIN, OPC, LAB ...)"}'::jsonb,
        'ServiceDate', v_date,
        'Status', '{"type": "string", "enum": ["SCHEDULED", "CHECKED_IN", "COMPLETED", "CANCELLED", "NO_SHOW"], "default": "SCHEDULED"}'::jsonb,
        'ProviderNpi', v_npi || '{"description": "rendering provider"}',
        'ServiceTypeCode', '{"type": "string", "pattern": "^[A-Z0-9]{1,2}$", "default": "30", "description": "X12 EQ01 service type code"}'::jsonb)),
    'charges', jsonb_build_object(
      '$schema', 'https://json-schema.org/draft/2020-12/schema', 'title', 'charges', 'type', 'object', 'additionalProperties', true,
      'description', 'Upserts billing.charge by ChargeId with status NEW (claims validates it); a charge already VALIDATED, BILLED or VOID is not changed.',
      'defaultIdempotencyKeyFields', jsonb_build_array('ChargeId'),
      'required', jsonb_build_array('ChargeId', 'MemberId', 'ServiceDate', 'CptCode', 'Amount'),
      'properties', jsonb_build_object(
        'ChargeId', v_id || '{"description": "the source system''s charge id (charge_number)"}',
        'EventId', '{"type": "string", "description": "a service event of this tenant, of the same member"}'::jsonb,
        'MemberId', v_id,
        'ServiceDate', v_date,
        'CptCode', '{"type": "string", "pattern": "^([0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})$", "description": "CPT or HCPCS Level II code"}'::jsonb,
        'Modifiers', '{"type": ["array", "string"], "items": {"type": "string", "pattern": "^[A-Z0-9]{2}$"}, "maxItems": 4, "description": "array, or one string separated by commas or spaces"}'::jsonb,
        'IcdCodes', '{"type": ["array", "string"], "items": {"type": "string", "pattern": "^[A-TV-Z][0-9][0-9A-Z]\\.?[0-9A-Z]{0,4}$"}, "maxItems": 12, "description": "ICD-10-CM codes, first is primary; stored without the dot"}'::jsonb,
        'Units', '{"type": ["number", "string"], "exclusiveMinimum": 0, "default": 1}'::jsonb,
        'Amount', '{"type": ["number", "string"], "minimum": 0, "description": "charge amount in dollars, 2 decimals"}'::jsonb,
        'RenderingNpi', v_npi,
        'BillingNpi', v_npi,
        'FacilityId', '{"type": "string", "description": "facility code; defaults to the event''s facility"}'::jsonb,
        'PlaceOfService', '{"type": "string", "pattern": "^[0-9]{2}$", "default": "11", "description": "CMS place of service code"}'::jsonb)));
end $$;
grant execute on function ingestion.fn_feed_kinds() to rcm_visitor;

comment on function ingestion.fn_feed_kinds() is 'The record shape of each feed kind as JSON Schema (draft 2020-12), with the source system''s field names.';
