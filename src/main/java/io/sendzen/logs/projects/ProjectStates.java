package io.sendzen.logs.projects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.sendzen.logs.shared.Reads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

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

    private final Cache<String, Boolean> states = Caffeine.newBuilder()
            // one lookup a second per project at most; a change through another instance is seen within that second
            .expireAfterWrite(Duration.ofSeconds(1))
            // more projects than requests in one second on one instance; past it the least used are looked up again
            .maximumSize(10_000)
            .build();
    private final AgroalDataSource dataSource;

    ProjectStates(@DataSource(Reads.DATASOURCE) AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean enabled(String projectId) throws SQLException {
        Boolean known = states.getIfPresent(projectId);
        if (known != null) {
            return known;
        }
        boolean enabled = lookUp(projectId);
        states.put(projectId, enabled);
        return enabled;
    }

    /** The project's state if it is in memory, else null (no lookup): for a caller on the event loop. */
    Boolean known(String projectId) {
        return states.getIfPresent(projectId);
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
        states.invalidate(change.projectId());
    }
}
