-- Upserts the applied records of a charges chunk (see apply_chunk) into billing.charge by
-- ChargeId as NEW, for the claims engineer to validate; the last row of a ChargeId in the chunk
-- wins, and a charge that is no longer NEW or INVALID is left alone. Returns how many charges
-- were inserted or replaced.
create or replace function ingestion_private.write_charges(tenant_id uuid, applied ingestion_private.charge_row[]) returns bigint
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  with written as (
    insert into billing.charge as ch (tenant_id, charge_number, service_event_id, member_id, facility_id, rendering_npi, billing_npi, procedure_code,
      modifiers, diagnosis_codes, units, amount, service_date, place_of_service, status)
    select distinct on (c.charge_number) write_charges.tenant_id, c.charge_number, c.service_event_id, c.member_id, c.facility_id, c.rendering_npi, c.billing_npi,
           c.procedure_code, c.modifiers, c.diagnosis_codes, round(c.units, 2), round(c.amount, 2), c.service_date, c.place_of_service, 'NEW'
    from unnest(applied) c
    order by c.charge_number, c.row_number desc
    on conflict (tenant_id, charge_number) do update set
      service_event_id = excluded.service_event_id, member_id = excluded.member_id, facility_id = excluded.facility_id,
      rendering_npi = excluded.rendering_npi, billing_npi = excluded.billing_npi, procedure_code = excluded.procedure_code,
      modifiers = excluded.modifiers, diagnosis_codes = excluded.diagnosis_codes, units = excluded.units, amount = excluded.amount,
      service_date = excluded.service_date, place_of_service = excluded.place_of_service,
      status = 'NEW', validation_errors = '[]', validated_at = null
    where ch.status in ('NEW', 'INVALID')
    returning 1
  )
  select count(*) from written
$$;
