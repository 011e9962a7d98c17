package io.sendzen.logs.lifecycle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.projects.TokenRegistry;
import io.sendzen.logs.shared.AdvisoryLock;
import io.sendzen.logs.shared.SendzenConfig;
import io.sendzen.logs.store.EntryRollups;
import io.sendzen.logs.store.LogEntries;
import io.sendzen.logs.store.LogPartitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.SQLException;

/**
 * The periodic upkeep of the store, each hour and on one instance at a time (advisory lock): partitions of the log
 * table created ahead and empty past ones dropped, entries past their project's retention deleted, redelivery
 * fingerprints older than 7 days forgotten, stats rollups of
 * dropped partitions forgotten, tokens expired a day ago forgotten, audit records past
 * {@code sendzen.audit.retention-days} forgotten. At start, the partitions only, so
 * the first writes find theirs.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final AgroalDataSource dataSource;
    private final LogPartitions partitions;
    private final Retention retention;
    private final LogEntries entries;
    private final EntryRollups rollups;
    private final TokenRegistry tokens;
    private final AuditTrail audit;
    private final int auditDays;

    Housekeeping(AgroalDataSource dataSource, LogPartitions partitions, Retention retention, LogEntries entries,
                 EntryRollups rollups, TokenRegistry tokens, AuditTrail audit, SendzenConfig config) {
        this.rollups = rollups;
        this.audit = audit;
        this.auditDays = config.audit().retentionDays();
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.retention = retention;
        this.entries = entries;
        this.tokens = tokens;
    }

    void onStart(@Observes StartupEvent event) {
        exclusively(() -> step("log table partitions", partitions::maintain));
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        exclusively(() -> {
            step("log table partitions", partitions::maintain);
            step("retention", () -> retention.purge());
            step("fingerprint expiry", () -> entries.forgetOldFingerprints());
            step("stats rollups of dropped partitions", () -> rollups.forgetUnpartitioned());
            step("token expiry", tokens::forgetExpired);
            step("audit expiry", () -> audit.forgetOlderThan(auditDays));
        });
    }

    private void exclusively(AdvisoryLock.Work work) {
        try {
            AdvisoryLock.exclusively(dataSource, AdvisoryLock.HOUSEKEEPING, work);
        } catch (SQLException e) {
            LOG.warnf("housekeeping could not run, will try again: %s", e.getMessage());
        }
    }

    /** One step failing leaves the others to run. */
    private static void step(String name, AdvisoryLock.Work step) {
        try {
            step.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("housekeeping: %s failed, will try again: %s", name, e.getMessage());
        }
    }
}
