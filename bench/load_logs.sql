-- The query benchmark's rows, straight into log_entry: q0 with :big entries and q1..q9 with :small each, spread
-- evenly over the 6 days before :now_ticks. This session inserts every :slices-th row starting at :slice, so that
-- several sessions load at once. Values come from hashes of the row number: every run loads the same data, and
-- bench/logs.py knows the values it filters on (phone numbers, URLs, ids, words). The search columns are filled as
-- ingest fills them (EventSplitter, SearchText): the event's words in lower case, then =<message id> and =<wa_id>;
-- the text here is ASCII, so lower() and a split on anything but letters and digits are the service's folding.
-- psql -v big=1000000 -v small=20000 -v now_ticks=... -v slice=0 -v slices=4 -f load_logs.sql
\set ON_ERROR_STOP on

insert into log_entry (project_id, created_at, phone_number_id, event_type, payload, direction, waba_id, wa_status,
                       message_id, wa_id, error_code, flyout_url, flyout_status, flyout_response,
                       flyout_response_code, webhook_id, search, category, template_name)
select p.id,
       p.first_tick + (g - 1) * p.step,
       s.phone,
       s.type,
       case s.type
           when 2 then format('{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1555000%s","phone_number_id":"%s"},"statuses":[{"id":"%s","status":"%s","timestamp":"%s","recipient_id":"%s"%s}]},"field":"messages"}]}]}',
                               s.waba, s.phone_no, s.phone, s.mid, s.status, s.unix, s.waid,
                               case when s.err is null then ',"conversation":{"id":"' || md5(s.mid) || '","origin":{"type":"marketing"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"marketing","type":"regular"}'
                                    else ',"errors":[{"code":' || s.err || ',"title":"Message failed","message":"Message failed","error_data":{"details":"Message failed to send."},"href":"https:\/\/developers.facebook.com\/docs\/whatsapp\/cloud-api\/support\/error-codes\/"}]' end)
           when 1 then format('{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"1555000%s","phone_number_id":"%s"},"contacts":[{"profile":{"name":"Customer %s"},"wa_id":"%s"}],"messages":[{"from":"%s","id":"%s","timestamp":"%s","text":{"body":"%s"},"type":"text"}]},"field":"messages"}]}]}',
                               s.waba, s.phone_no, s.phone, s.waid, s.waid, s.waid, s.mid, s.unix, s.body)
           else format('{"object":"whatsapp_business_account","entry":[{"id":"%s","time":%s,"changes":[{"value":{"event":"APPROVED","message_template_id":%s,"message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"},"field":"message_template_status_update"}]}]}',
                       s.waba, s.unix, g)
       end,
       1,
       s.waba,
       s.status,
       s.mid,
       s.waid,
       s.err,
       f.url,
       f.status,
       case f.status when 'success' then '{"ok":true}' when 'failed' then 'Internal Server Error'
                     when 'pending' then 'Service Unavailable' else '-' end,
       case f.status when 'success' then 200 when 'failed' then case when g % 2 = 0 then 500 else 404 end
                     when 'pending' then 503 else 0 end,
       case when f.url = '-' then null else 'wh_' || p.id || '_' || f.url_no end,
       array_to_tsvector(array_remove(regexp_split_to_array(lower(s.words), '[^a-z0-9]+'), '')
                         || array_remove(array['=' || s.mid, '=' || s.waid], null)),
       case when s.type = 2 and s.err is null then 'marketing' end,
       case when s.type = 3 then 'order_update' end
from (
    select 'q0' as id, :big::bigint as n, 0 as no
    union all
    select 'q' || i, :small::bigint, i from generate_series(1, 9) i
) p0
cross join lateral (
    select p0.id, p0.n, p0.no,
           :now_ticks::bigint - 6 * 864000000000 as first_tick,
           (6 * 864000000000) / p0.n as step
) p
cross join lateral generate_series(1 + :slice, p.n, :slices) g
cross join lateral (
    select (hashint8extended(g, p.no * 10 + 1) & 65535) / 65536.0 as r_type,
           (hashint8extended(g, p.no * 10 + 2) & 65535) / 65536.0 as r_status,
           (hashint8extended(g, p.no * 10 + 3) & 65535) / 65536.0 as r_flyout,
           (hashint8extended(g, p.no * 10 + 4) & 65535) / 65536.0 as r_result,
           (hashint8extended(g / 3, p.no * 10 + 5) & 3) + 1 as phone_k
) r
cross join lateral (
    select t.type,
           case when t.type = 3 and r.phone_k = 4 then '-' else '1000000000000' || p.no || r.phone_k end as phone,
           p.no::text || r.phone_k as phone_no,
           '2000000000000' || p.no as waba,
           case when t.type = 2 then st.status end as status,
           case t.type when 2 then 'wamid.HBgL' || p.id || 'M' || (g / 3)
                       when 1 then 'wamid.HBgL' || p.id || 'I' || g end as mid,
           case when t.type in (1, 2) then '1650555' || lpad(((g / 3) % 40000)::text, 5, '0') end as waid,
           case when st.status = 'failed' then (array[131047, 131026, 131053, 130472])[(g % 4) + 1] end as err,
           (1763700000 + g)::text as unix,
           -- ref<n>: a word 4 or 5 incoming messages of q0 have (the rare word of the benchmark)
           'Hello, I would like to know where my order ref' || (g % 50000) || ' is. Thanks!' as body
    from (select case when r.r_type < 0.20 then 1 when r.r_type < 0.95 then 2 else 3 end::smallint as type) t
    cross join lateral (
        select case when r.r_status < 0.35 then 'sent' when r.r_status < 0.68 then 'delivered'
                    when r.r_status < 0.96 then 'read' else 'failed' end as status
    ) st
) s0
cross join lateral (
    select s0.*,
           case s0.type
               when 1 then s0.body || ' Customer ' || s0.waid
               when 2 then case when s0.err is null then '' else 'Message failed Message failed Message failed to send.' end
               else 'order_update'
           end as words
) s
cross join lateral (
    select case when r.r_flyout < 0.10 then '-' when r.r_flyout < 0.70 then 'https://hooks.example.com/a'
                else 'https://hooks.example.com/b' end as url,
           case when r.r_flyout < 0.70 then 'a' else 'b' end as url_no,
           case when r.r_flyout < 0.10 then '-' when r.r_result < 0.92 then 'success'
                when r.r_result < 0.97 then 'failed' else 'pending' end as status
) f;
