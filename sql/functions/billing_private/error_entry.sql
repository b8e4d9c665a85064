-- One element of billing.charge.validation_errors.
create or replace function billing_private.error_entry(code text, field text, message text) returns jsonb
  language sql immutable parallel safe
  as $$ select jsonb_build_object('code', code, 'field', field, 'message', message) $$;
