-- Each trading partner's and payer's exchanges over the last 30 days: response times against the
-- CORE expectation (90% within 20 s) and the payer's AAA error rate.
create or replace view eligibility.exchange_stat with (security_invoker = true) as
  select i.tenant_id, i.trading_partner_id, i.payer_id,
         count(*) filter (where i.sent_at is not null)::integer as inquiries_sent,
         count(*) filter (where i.received_at is not null)::integer as responses_received,
         count(*) filter (where i.response_type = 'ERROR')::integer as transport_errors,
         percentile_cont(0.5) within group (order by i.response_ms) filter (where i.response_ms is not null) as response_ms_p50,
         percentile_cont(0.9) within group (order by i.response_ms) filter (where i.response_ms is not null) as response_ms_p90,
         round(100.0 * count(*) filter (where i.response_ms <= 20000 and i.response_type in ('271', '999'))
               / nullif(count(*) filter (where i.sent_at is not null), 0), 1) as within_20s_percent,
         round(100.0 * count(*) filter (where cardinality(i.reject_codes) > 0)
               / nullif(count(*) filter (where i.response_type = '271'), 0), 1) as aaa_error_percent,
         max(i.sent_at) as last_sent_at
  from eligibility.eligibility_inquiry i
  where i.sent_at > now() - interval '30 days'
  group by i.tenant_id, i.trading_partner_id, i.payer_id;
comment on view eligibility.exchange_stat is 'Per trading partner and payer, last 30 days: volumes, response time p50/p90, share answered within 20 s (CORE: 90%), AAA error rate.';
grant select on eligibility.exchange_stat to rcm_visitor;
