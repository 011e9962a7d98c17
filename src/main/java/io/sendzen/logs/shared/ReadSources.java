package io.sendzen.logs.shared;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where the reads of the API go (pages, details, exports, message timelines, counts): to the replicas when
 * {@code quarkus.datasource.replica.jdbc.url} is set (typically a multi-host URL with
 * {@code targetServerType=preferSecondary&loadBalanceHosts=true}), else to the primary through the read pool. A
 * client that wrote sends back the WAL position its write answered with ({@link ReadAfter}); a replica that has not
 * replayed that far is passed over for the primary, so the client never sees its own deleted entry again. Reads that
 * decide what the service does next (a forward's payload, what retention archives, revocations) never come here:
 * they read the primary.
 */
@ApplicationScoped
public class ReadSources {

    public static final String REPLICA = "replica";

    /** The replica the connection is on has not replayed the caller's write yet. */
    private static final class Behind extends RuntimeException {
        Behind() {
            super(null, null, false, false);
        }
    }

    private final AgroalDataSource primary;
    private final AgroalDataSource replica;

    ReadSources(@DataSource(Reads.DATASOURCE) AgroalDataSource primary) {
        this.primary = primary;
        // a named datasource without a URL is inactive, and may not even be looked up
        this.replica = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource." + REPLICA + ".jdbc.url", String.class)
                .filter(url -> !url.isBlank())
                .map(url -> Arc.container().select(AgroalDataSource.class, new DataSource.DataSourceLiteral(REPLICA)).get())
                .orElse(null);
    }

    /** Whether reads go to replicas at all. */
    public boolean replicated() {
        return replica != null;
    }

    public <T> T read(Reads.Read<T> read) throws SQLException {
        if (replica == null) {
            return Reads.read(primary, read);
        }
        Optional<String> after = ReadAfter.current();
        if (after.isEmpty()) {
            return Reads.read(replica, read);
        }
        try {
            return Reads.read(replica, connection -> {
                if (!caughtUp(connection, after.get())) {
                    throw new Behind();
                }
                return read.run(connection);
            });
        } catch (Behind behind) {
            return Reads.read(primary, read);
        }
    }

    /** As {@link #read}, for a read that keeps its connection (a cursor): see {@link Reads#open}. */
    public <T> T open(Reads.Read<T> open) throws SQLException {
        if (replica == null) {
            return Reads.open(primary, open);
        }
        Optional<String> after = ReadAfter.current();
        if (after.isEmpty()) {
            return Reads.open(replica, open);
        }
        try {
            return Reads.open(replica, connection -> {
                if (!caughtUp(connection, after.get())) {
                    throw new Behind();
                }
                return open.run(connection);
            });
        } catch (Behind behind) {
            return Reads.open(primary, open);
        }
    }

    /** Whether the connection's server has replayed the WAL up to {@code lsn}; the primary (not in recovery) has. */
    private static boolean caughtUp(Connection connection, String lsn) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "select coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, true)")) {
            s.setString(1, lsn);
            try (ResultSet row = s.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** The primary's WAL position now: past every write committed so far. */
    public String writtenUpTo() throws SQLException {
        return Reads.read(primary, connection -> {
            // the read pool is read-only, which does not stop this function
            try (PreparedStatement s = connection.prepareStatement("select pg_current_wal_lsn()::text");
                 ResultSet row = s.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
