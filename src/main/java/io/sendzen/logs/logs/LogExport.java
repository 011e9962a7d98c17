package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.audit.AuditTrail;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryFilter;
import io.sendzen.logs.store.EntryStream;
import io.sendzen.logs.store.LogEntries;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

/**
 * Every entry of a project that matches an export's filter, written out as it is read from a cursor. The query runs
 * when the export is opened, so that a failure to run it is still an error answer; once writing has begun, a
 * failure aborts the connection (the caller's {@code abort}), so that a cut-short export never ends like a whole one.
 */
@ApplicationScoped
public class LogExport {

    private static final Logger LOG = Logger.getLogger(LogExport.class);
    private static final int GZIP_BUFFER = 1 << 16;
    private static final int CHECK_EVERY = 256;

    private final LogEntries entries;
    private final ObjectMapper json;
    private final AuditTrail audit;

    LogExport(LogEntries entries, ObjectMapper json, AuditTrail audit) {
        this.entries = entries;
        this.json = json;
        this.audit = audit;
    }

    /** An export whose query is running: {@link #writeTo} writes it once, and closes it however that ends. */
    public final class Opened {
        private final String projectId;
        private final ExportRequest request;
        private final long toDate;
        private final EntryStream stream;
        private final AuditTrail.Actor actor;

        private Opened(String projectId, ExportRequest request, long toDate, EntryStream stream,
                       AuditTrail.Actor actor) {
            this.projectId = projectId;
            this.request = request;
            this.toDate = toDate;
            this.stream = stream;
            this.actor = actor;
        }

        public ExportFormat format() {
            return request.format();
        }

        /** {@code logs-<project>-<from>-<to>.<ext>}, the bounds in Ticks. */
        public String filename() {
            return "logs-" + projectId + "-" + request.entries().fromDate() + "-" + toDate + "."
                    + request.format().extension();
        }

        /**
         * Writes every entry to {@code out} (gzipped when asked); on any failure runs {@code abort} and throws.
         * {@code gone} tells whether the client has gone: writes to a closed connection may be dropped silently.
         */
        public void writeTo(OutputStream out, boolean gzip, BooleanSupplier gone, Runnable abort) throws IOException {
            long sent = 0;
            try (stream) {
                OutputStream target = gzip ? new GZIPOutputStream(out, GZIP_BUFFER) : out;
                ExportFormat.EntryWriter writer = request.format().writer(json, target);
                for (LogEntries.Exported entry = stream.next(); entry != null; entry = stream.next()) {
                    writer.write(entry);
                    sent++;
                    if (sent % CHECK_EVERY == 0 && gone.getAsBoolean()) {
                        throw new IOException("the client has gone");
                    }
                }
                writer.finish();
                if (gzip) {
                    ((GZIPOutputStream) target).finish();
                }
            } catch (IOException | SQLException | RuntimeException e) {
                abort.run();
                LOG.infof("export of project %s stopped after %d entries: %s", projectId, sent, e.toString());
                throw e instanceof IOException io ? io : new IOException("export stopped", e);
            } finally {
                record(sent);
            }
        }

        private void record(long sent) {
            try {
                audit.record(actor, projectId, "log.export", target(), sent);
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("the export of project %s (%d entries) could not be audited: %s", projectId, sent,
                        e.toString());
            }
        }

        /** The filter as the export applied it, toDate fixed. */
        private Map<String, Object> target() {
            EntryFilter f = request.entries();
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("format", request.format().extension());
            target.put("order", request.descending() ? "desc" : "asc");
            if (!f.eventTypes().isEmpty()) {
                target.put("eventTypes", f.eventTypes().stream().map(EventType::label).toList());
            }
            target.put("fromDate", f.fromDate());
            target.put("toDate", toDate);
            putIfSet(target, "phoneNumberId", f.phoneNumberId());
            putIfSet(target, "url", f.url());
            if (!f.statuses().isEmpty()) {
                target.put("status", f.statuses());
            }
            putIfSet(target, "messageId", f.messageId());
            putIfSet(target, "waId", f.waId());
            putIfSet(target, "errorCode", f.errorCode());
            putIfSet(target, "flyoutStatus", f.flyoutStatus());
            putIfSet(target, "responseCode", f.responseCode());
            return target;
        }
    }

    /** Runs the export's query for {@code projectId}; an omitted {@code toDate} is fixed to now. */
    public Opened open(String projectId, ExportRequest request) throws SQLException {
        AuditTrail.Actor actor = audit.currentActor();
        long toDate = request.entries().toDate() != null ? request.entries().toDate() : Ticks.now();
        EntryStream stream = entries.export(projectId, request.entries(), toDate, request.descending());
        return new Opened(projectId, request, toDate, stream, actor);
    }

    private static void putIfSet(Map<String, Object> target, String name, Object value) {
        if (value != null) {
            target.put(name, value);
        }
    }
}
