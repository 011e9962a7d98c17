-- How much of each project's request allowance each instance of the service has taken (projects/RateLimits): every
-- instance rewrites its own rows a few times a second and takes what the others took off its own buckets, so a
-- project gets its allowance once, whatever the number of instances. Unlogged: counts of the last seconds are not
-- worth WAL or a replica, and after a crash of the database every bucket simply starts again.

create unlogged table rate_usage (
    instance_id text        not null,  -- random, new at each start of an instance
    project_id  text        not null,
    bucket      bigint      not null,  -- which of the instance's buckets for the project (a new one after idling)
    taken       bigint      not null,  -- requests taken from that bucket so far
    reported_at timestamptz not null default now(),
    primary key (instance_id, project_id)
);
create index rate_usage_reported_at on rate_usage (reported_at);
