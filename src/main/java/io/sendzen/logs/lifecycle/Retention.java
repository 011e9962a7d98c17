package io.sendzen.logs.lifecycle;

import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Deletes the entries (and their forward attempts) of projects with {@code retention_days} once older than that. */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final ProjectService projects;
    private final LogEntries entries;
    private final FlyoutStore forwards;

    Retention(ProjectService projects, LogEntries entries, FlyoutStore forwards) {
        this.projects = projects;
        this.entries = entries;
        this.forwards = forwards;
    }

    /** Returns how many entries were deleted. */
    public long purge() throws SQLException {
        long total = 0;
        for (Map.Entry<String, Integer> project : projects.retentionDays().entrySet()) {
            Instant cutoff = Instant.now().minus(Duration.ofDays(project.getValue()));
            long deleted = entries.deleteBefore(project.getKey(), Ticks.of(cutoff));
            forwards.forgetAttemptsBefore(project.getKey(), cutoff);
            if (deleted > 0) {
                LOG.infof("retention: deleted %d entries of project %s", deleted, project.getKey());
            }
            total += deleted;
        }
        return total;
    }
}
