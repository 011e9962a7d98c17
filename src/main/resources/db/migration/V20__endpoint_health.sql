-- How each endpoint is doing: failed attempts since its last success, when that streak began, when it last took a
-- forward, and why it is disabled (gone: it answered 410; failing: it failed for sendzen.flyout.disable-after
-- without a success; manual: its owner turned it off) and since when.
alter table webhook_endpoint
    add column consecutive_failures integer not null default 0,
    add column failing_since timestamptz,
    add column last_success_at timestamptz,
    add column disabled_reason text check (disabled_reason in ('gone', 'failing', 'manual')),
    add column disabled_at timestamptz;
