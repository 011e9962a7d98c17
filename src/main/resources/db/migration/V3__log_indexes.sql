-- The responseCode filter of GET /v1/logs had no index: its page query read whole partitions and sorted them.
create index log_entry_response_code on log_entry (project_id, flyout_response_code, created_at, log_id);
