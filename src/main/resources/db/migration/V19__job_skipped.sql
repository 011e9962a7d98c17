-- Items a job passed over without failing, beside those it did (done counts both): a bulk redelivery skips the
-- entries that were never forwarded.
alter table job add column skipped bigint not null default 0;
