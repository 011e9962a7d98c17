package io.sendzen.logs.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.flyout.FlyoutStore;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Removes what is past retention: whole monthly partitions that ended more than {@code sendzen.retention.max-days}
 * ago, and the entries (and forward attempts) of projects with {@code retention_days} once older than that. With
 * {@code sendzen.retention.archive-dir}, every entry is first written to the archive, and none is deleted before its
 * file is complete; per-project retention then works in whole UTC days, each day archived and deleted at once.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final String ACTION = "retention.run";

    private final ProjectService projects;
    private final LogEntries entries;
    private final LogPartitions partitions;
    private final EntryRollups rollups;
    private final FlyoutStore forwards;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final SendzenConfig.Retention config;

    Retention(ProjectService projects, LogEntries entries, LogPartitions partitions, EntryRollups rollups,
              FlyoutStore forwards, AuditTrail audit, ObjectMapper json, SendzenConfig config) {
        this.projects = projects;
        this.entries = entries;
        this.partitions = partitions;
        this.rollups = rollups;
        this.forwards = forwards;
        this.audit = audit;
        this.json = json;
        this.config = config.retention();
    }

    /** Applies the configured retention; returns how many entries were removed. */
    public long purge() throws SQLException {
        return purge(config.maxDays(), config.archiveDir().map(Path::of));
    }

    /** Applies the given retention (the configuration's, or a test's); returns how many entries were removed. */
    public long purge(Optional<Integer> maxDays, Optional<Path> archiveDir) throws SQLException {
        Archive archive = archiveDir.map(dir -> new Archive(dir, json)).orElse(null);
        long total = 0;
        if (maxDays.isPresent()) {
            total += dropPartitions(Ticks.of(Instant.now().minus(Duration.ofDays(maxDays.get()))), archive);
        }
        for (Map.Entry<String, Integer> project : projects.retentionDays().entrySet()) {
            total += purgeProject(project.getKey(), Instant.now().minus(Duration.ofDays(project.getValue())), archive);
        }
        return total;
    }

    private long dropPartitions(long cutoff, Archive archive) throws SQLException {
        long total = 0;
        for (String partition : partitions.endedBy(cutoff)) {
            Map<String, Long> counts = new TreeMap<>();
            Map<String, List<String>> files = new TreeMap<>();
            if (archive == null) {
                counts.putAll(entries.countsInPartition(partition));
            } else {
                for (Archive.DayFile file : written(() -> archive.write(entries.inPartition(partition)))) {
                    counts.merge(file.projectId(), file.entries(), Long::sum);
                    files.computeIfAbsent(file.projectId(), p -> new ArrayList<>()).add(file.path().toString());
                }
            }
            partitions.drop(partition);
            // a partition dropped whole fires no delete trigger: its hours' counts go with it here
            rollups.forgetUnpartitioned();
            for (Map.Entry<String, Long> project : counts.entrySet()) {
                record(project.getKey(), cutoff, files.getOrDefault(project.getKey(), List.of()), project.getValue());
                total += project.getValue();
            }
            LOG.infof("retention: dropped partition %s of the log table (%d entries)", partition,
                    counts.values().stream().mapToLong(Long::longValue).sum());
        }
        return total;
    }

    private long purgeProject(String projectId, Instant cutoff, Archive archive) throws SQLException {
        long deleted = 0;
        List<String> files = new ArrayList<>();
        long until = Ticks.of(cutoff);
        if (archive == null) {
            deleted = entries.deleteBefore(projectId, until);
        } else {
            // whole days only: a day's file is written once, with every entry of the day
            until -= until % Ticks.PER_DAY;
            for (OptionalLong oldest = entries.oldestBefore(projectId, until); oldest.isPresent();
                 oldest = entries.oldestBefore(projectId, until)) {
                long day = oldest.getAsLong() - oldest.getAsLong() % Ticks.PER_DAY;
                List<Archive.DayFile> written = written(
                        () -> archive.write(entries.between(projectId, day, day + Ticks.PER_DAY)));
                long count = written.stream().mapToLong(Archive.DayFile::entries).sum();
                if (!entries.deleteBetween(projectId, day, day + Ticks.PER_DAY, count)) {
                    LOG.warnf("retention: the entries of project %s on %s changed while archived; next run",
                            projectId, Archive.day(day));
                    break;
                }
                written.forEach(file -> files.add(file.path().toString()));
                deleted += count;
            }
        }
        forwards.forgetAttemptsBefore(projectId, cutoff);
        if (deleted > 0) {
            LOG.infof("retention: deleted %d entries of project %s", deleted, projectId);
            record(projectId, until, files, deleted);
        }
        return deleted;
    }

    private void record(String projectId, long cutoff, List<String> files, long count) throws SQLException {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("project", projectId);
        target.put("cutoff", cutoff);
        target.put("archived_files", files);
        audit.record(AuditTrail.Actor.SYSTEM, projectId, ACTION, target, count);
    }

    private interface Writing {
        List<Archive.DayFile> run() throws IOException, SQLException;
    }

    /** A failure to write the archive stops this run before anything it covers is deleted. */
    private static List<Archive.DayFile> written(Writing writing) throws SQLException {
        try {
            return writing.run();
        } catch (IOException e) {
            throw new UncheckedIOException("retention could not write its archive", e);
        }
    }
}
