-- Search and the screen's filters of GET /v1/logs (q, category, templateName, responseCode as a class).
-- search: the event's words as the service normalizes them (lower case, no accents: SearchText), plus =<message id>
-- and =<wa_id>; filled at ingest, so no extension (unaccent) is needed. Entries stored before stay unsearchable.
alter table log_entry add column search tsvector;
alter table log_entry add column category text;        -- the pricing category of a status
alter table log_entry add column template_name text;   -- the template an event names

-- made on the parent, so every partition (and each one made later) has them
create index log_entry_search        on log_entry using gin (search);
create index log_entry_category      on log_entry (project_id, category, created_at, log_id) where category is not null;
create index log_entry_template_name on log_entry (project_id, template_name, created_at, log_id)
    where template_name is not null;
-- responseCode=2xx..5xx in page order; not forwarded yet (0) is left out, so the ingest write does not touch it
create index log_entry_response_class on log_entry (project_id, (flyout_response_code / 100), created_at, log_id)
    where flyout_response_code >= 100;
