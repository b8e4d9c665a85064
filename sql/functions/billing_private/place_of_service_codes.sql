-- The CMS Place of Service code set (cms.gov "Place of Service Code Set").
create or replace function billing_private.place_of_service_codes() returns text[]
  language sql immutable parallel safe
  as $$ select array[
    '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20',
    '21', '22', '23', '24', '25', '26', '27', '31', '32', '33', '34', '41', '42', '49', '50', '51', '52', '53', '54', '55',
    '56', '57', '58', '60', '61', '62', '65', '66', '71', '72', '81', '99'] $$;
