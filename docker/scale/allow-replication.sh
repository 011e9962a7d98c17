#!/bin/bash
# The primary's first start: the replica of the scale profile may stream the WAL as the database user.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
