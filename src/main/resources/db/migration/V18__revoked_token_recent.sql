-- Each instance reads the revocations of the last half minute again every second, besides those past the seq it
-- has seen, so that one committed after a later seq was read is not passed over (TokenRegistry.refresh).
create index revoked_token_revoked_at on revoked_token (revoked_at);
