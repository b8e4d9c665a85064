-- Upserts the applied records of a members chunk (see apply_chunk) into member.member by
-- MemberId; the last row of a MemberId in the chunk wins, and an unchanged member is not
-- rewritten. Returns how many members were inserted or changed.
create or replace function ingestion_private.write_members(tenant_id uuid, applied ingestion_private.member_row[]) returns bigint
  language sql volatile
  set search_path = pg_catalog, public
  as $$
  with written as (
    insert into member.member as m (tenant_id, member_number, first_name, last_name, middle_name, date_of_birth, gender, address_line, city, state, postal_code, phone)
    select distinct on (c.member_number) write_members.tenant_id, c.member_number, c.first_name, c.last_name, c.middle_name, c.date_of_birth, c.gender,
           c.address_line, c.city, c.state, c.postal_code, c.phone
    from unnest(applied) c
    order by c.member_number, c.row_number desc
    on conflict (tenant_id, member_number) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, middle_name = excluded.middle_name, date_of_birth = excluded.date_of_birth,
      gender = excluded.gender, address_line = excluded.address_line, city = excluded.city, state = excluded.state,
      postal_code = excluded.postal_code, phone = excluded.phone
    where (m.first_name, m.last_name, m.middle_name, m.date_of_birth, m.gender, m.address_line, m.city, m.state, m.postal_code, m.phone)
          is distinct from (excluded.first_name, excluded.last_name, excluded.middle_name, excluded.date_of_birth, excluded.gender,
                            excluded.address_line, excluded.city, excluded.state, excluded.postal_code, excluded.phone)
    returning 1
  )
  select count(*) from written
$$;
