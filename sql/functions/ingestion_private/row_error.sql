-- The error_detail of a record: which field, a stable code, what to do, and the value that failed.
create or replace function ingestion_private.row_error(field text, code text, message text, value text) returns jsonb
  language sql immutable parallel safe
  as $$ select jsonb_build_object('field', field, 'code', code, 'message', message, 'value', value) $$;
