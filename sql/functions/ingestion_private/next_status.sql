-- A batch's status after records were processed: HELD stays HELD (the feed admin decides),
-- nothing pending is COMPLETED (or COMPLETED_WITH_ERRORS), a batch still being received stays
-- RECEIVING, otherwise PROCESSING.
create or replace function ingestion_private.next_status(status text, pending integer, error integer) returns text
  language sql immutable parallel safe
  as $$
  select case when status = 'HELD' then 'HELD'
              when pending = 0 then case when error > 0 then 'COMPLETED_WITH_ERRORS' else 'COMPLETED' end
              when status = 'RECEIVING' then 'RECEIVING'
              else 'PROCESSING' end
$$;
