-- Outgoing records (docs/outgoing.md): a send through the service or reported to it, stored as a log entry with
-- direction 2 and event_type 4. Every column is null or has a constant default, so adding it rewrites no partition and
-- an ingest insert (which names none of them) costs what it did.
alter table log_entry add column api_response_code integer not null default 0;  -- Meta's HTTP status; 0 incoming
alter table log_entry add column api_response text;                             -- Meta's answer, or why there was none
alter table log_entry add column tags text;                                     -- the send's tags, as JSON
alter table log_entry add column tag_name text;
alter table log_entry add column tag_recipient_type text;

-- The filters tag.name, tag.recipient_type and responseCode on outgoing records. Partial on what only outgoing rows
-- have, so that the ingest write (whose rows never match a predicate here) adds no entry to them.
create index log_entry_tag_name on log_entry (project_id, tag_name, created_at, log_id) where tag_name is not null;
create index log_entry_tag_recipient_type on log_entry (project_id, tag_recipient_type, created_at, log_id)
    where tag_recipient_type is not null;
create index log_entry_api_response_code on log_entry (project_id, api_response_code, created_at, log_id)
    where direction = 2;
create index log_entry_api_response_class on log_entry (project_id, (api_response_code / 100), created_at, log_id)
    where direction = 2;
