package io.sendzen.logs.projects;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.sendzen.logs.shared.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Whether a project exists and is enabled, as checked on every request made with one of its tokens. Remembered for
 * a second, so that paging does not cost a lookup per page; a change made through this instance takes effect at
 * once, one made through another instance of the service within that second.
 */
@ApplicationScoped
public class ProjectStates {

    /** A project was created, changed or deleted; fired by {@link ProjectService}. */
    public record Changed(String projectId) {
    }

    private static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_REMEMBERED = 10_000;

    private record State(boolean enabled, long checkedAt) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();
    private final AgroalDataSource dataSource;

    ProjectStates(@DataSource(Reads.DATASOURCE) AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean enabled(String projectId) throws SQLException {
        long now = System.nanoTime();
        State state = states.get(projectId);
        if (state != null && now - state.checkedAt() < REMEMBER_NANOS) {
            return state.enabled();
        }
        boolean enabled = lookUp(projectId);
        if (states.size() >= MAX_REMEMBERED) {
            states.clear();
        }
        states.put(projectId, new State(enabled, now));
        return enabled;
    }

    private boolean lookUp(String projectId) throws SQLException {
        return Reads.read(dataSource, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select enabled from project where id = ?")) {
                statement.setString(1, projectId);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
    }

    /** After the change is committed (or rolled back), so that no request can remember the state from before it. */
    void forget(@Observes(during = TransactionPhase.AFTER_COMPLETION) Changed change) {
        states.remove(change.projectId());
    }
}
