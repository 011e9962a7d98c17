-- The stats benchmark's rows, straight into log_entry: project s0 with :n entries spread evenly over the :days days
-- before :now_ticks, one INSERT per day (so the rollup triggers of V17 see a day at a time, as a busy service's
-- statements would add up to). This session inserts the days d with d % :slices = :slice, so that several sessions
-- load at once. Stats read only the rollups, never the rows, so the payload is a stand-in; what matters is how many
-- different combinations of the rolled-up columns an hour holds, and these are spread as a busy project's would be:
-- 6 phone numbers, received messages (20%), statuses (65%: sent, delivered, read, failed with 5 error codes, 4
-- pricing categories), template updates (5%) and sends (10%: 12 templates of 3 categories, Meta's 200, 400, 429 or
-- 500); forwarded to 2 endpoints or to none, with success, failure (500, 404, 410) or pending.
-- psql -v n=10000000 -v days=90 -v now_ticks=... -v slice=0 -v slices=2 -f load_stats.sql
\set ON_ERROR_STOP on

-- psql does not substitute its variables inside the dollar quotes below: they go through settings
select set_config('bench.n', :'n', false), set_config('bench.days', :'days', false),
       set_config('bench.now_ticks', :'now_ticks', false), set_config('bench.slice', :'slice', false),
       set_config('bench.slices', :'slices', false);

do $$
declare
    total     constant bigint := current_setting('bench.n')::bigint;
    days      constant int    := current_setting('bench.days')::int;
    now_ticks constant bigint := current_setting('bench.now_ticks')::bigint;
    slice     constant int    := current_setting('bench.slice')::int;
    slices    constant int    := current_setting('bench.slices')::int;
    day_ticks constant bigint := 864000000000;
    per_day   bigint := total / days;
    step      bigint := day_ticks / (total / days);
    first     bigint := now_ticks - days * day_ticks;
begin
    for d in 0 .. days - 1 loop
        continue when d % slices <> slice;
        insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, direction, waba_id,
                               wa_status, message_id, wa_id, error_code, flyout_url, flyout_status, flyout_response,
                               flyout_response_code, webhook_id, category, template_name, api_response_code)
        select 's0', first + d * day_ticks + (g - 1) * step, s.phone, s.type,
               '{"object":"whatsapp_business_account","entry":[]}', s.direction, '200000000000009',
               s.status, 'wamid.HBgLs0' || d || 'x' || g, '1650555' || lpad((g % 40000)::text, 5, '0'), s.err,
               f.url, f.status, case f.status when '-' then '-' else 'answer' end, f.code,
               case when f.url = '-' then null else 'wh_s0_' || f.url_no end, s.category, s.template, s.api_code
        from generate_series(1, per_day) g
        cross join lateral (
            select (hashint8extended(d * per_day + g, 1) & 65535) / 65536.0 as r_type,
                   (hashint8extended(d * per_day + g, 2) & 65535) / 65536.0 as r_status,
                   (hashint8extended(d * per_day + g, 3) & 65535) / 65536.0 as r_flyout,
                   (hashint8extended(d * per_day + g, 4) & 65535) / 65536.0 as r_result,
                   (hashint8extended(d * per_day + g, 5) & 65535) as r_pick
        ) r
        cross join lateral (
            select case when r.r_type < 0.20 then 1 when r.r_type < 0.85 then 2 when r.r_type < 0.90 then 3
                        else 4 end::smallint as type
        ) t
        cross join lateral (
            select t.type,
                   case when t.type = 4 then 2 else 1 end::smallint as direction,
                   '10000000000000' || (r.r_pick % 6) as phone,
                   case when t.type = 2 then
                       case when r.r_status < 0.35 then 'sent' when r.r_status < 0.68 then 'delivered'
                            when r.r_status < 0.96 then 'read' else 'failed' end
                   end as status,
                   case when t.type = 2 and r.r_status >= 0.96
                            then (array[131047, 131026, 131049, 131053, 130472])[(r.r_pick / 6) % 5 + 1]
                        when t.type = 4 and r.r_result >= 0.95 and r.r_result < 0.98 then 131009
                        when t.type = 4 and r.r_result >= 0.98 and r.r_result < 0.99 then 130429 end as err,
                   -- a status's pricing category; a send's is its template's
                   case when t.type = 2 and r.r_status < 0.68 then
                            (array['marketing', 'marketing', 'utility', 'authentication', 'service'])[(r.r_pick / 30) % 5 + 1]
                        when t.type = 4 then
                            (array['marketing', 'utility', 'authentication', 'marketing'])[((r.r_pick / 150) % 12) % 4 + 1]
                   end as category,
                   case when t.type in (3, 4) then 'template_' || ((r.r_pick / 150) % 12) end as template,
                   case when t.type <> 4 then 0 when r.r_result < 0.95 then 200 when r.r_result < 0.98 then 400
                        when r.r_result < 0.99 then 429 else 500 end as api_code
        ) s
        cross join lateral (
            select case when t.type = 4 or r.r_flyout < 0.10 then '-'
                        when r.r_flyout < 0.70 then 'https://hooks.example.com/crm'
                        else 'https://hooks.example.com/analytics' end as url,
                   case when r.r_flyout < 0.70 then 'a' else 'b' end as url_no,
                   case when t.type = 4 or r.r_flyout < 0.10 then '-' when r.r_result < 0.92 then 'success'
                        when r.r_result < 0.97 then 'failed' else 'pending' end as status,
                   case when t.type = 4 or r.r_flyout < 0.10 then 0 when r.r_result < 0.92 then 200
                        when r.r_result < 0.95 then 500 when r.r_result < 0.965 then 404
                        when r.r_result < 0.97 then 410 else 503 end as code
        ) f;
        commit;
    end loop;
end
$$;
