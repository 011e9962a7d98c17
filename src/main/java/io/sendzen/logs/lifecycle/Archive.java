package io.sendzen.logs.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sendzen.logs.logs.ExportFormat;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryStream;
import io.sendzen.logs.store.LogEntries;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Where retention writes what it is about to delete: {@code <dir>/<project>/<yyyy-mm-dd>.ndjson.gz}, the entries of
 * one project and UTC day as export's NDJSON, oldest first. A file is written under a temporary name, synced and
 * renamed into place, so it is whole or absent; the same rows always make the same bytes, so writing a day again
 * (after a crash before its rows were deleted) replaces the file with an identical one.
 */
final class Archive {

    /** One file written: whose entries, which day, how many. */
    record DayFile(String projectId, String day, Path path, long entries) {
    }

    private final Path root;
    private final ObjectMapper json;

    Archive(Path root, ObjectMapper json) {
        this.root = root;
        this.json = json;
    }

    /** Writes the entries of {@code stream}, ordered by project and then time, to one file per project and day. */
    List<DayFile> write(EntryStream stream) throws IOException, SQLException {
        List<DayFile> written = new ArrayList<>();
        try (stream) {
            Open open = null;
            try {
                for (LogEntries.Exported entry = stream.next(); entry != null; entry = stream.next()) {
                    String project = entry.row().projectId();
                    String day = day(entry.row().createdAt());
                    if (open == null || !open.projectId.equals(project) || !open.day.equals(day)) {
                        if (open != null) {
                            written.add(open.complete());
                        }
                        open = new Open(project, day);
                    }
                    open.writer.write(entry);
                    open.entries++;
                }
                if (open != null) {
                    written.add(open.complete());
                    open = null;
                }
            } finally {
                if (open != null) {
                    open.abandon();
                }
            }
        }
        return written;
    }

    /** The UTC date of {@code ticks}, as the file is named. */
    static String day(long ticks) {
        return Ticks.toInstant(ticks).atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** The project's folder; unrouted entries (no project) go under the placeholder, which no project id can be. */
    Path folder(String projectId) {
        return root.resolve(projectId.isEmpty() ? Placeholder.NONE : projectId);
    }

    private final class Open {
        final String projectId;
        final String day;
        final Path target;
        final Path temporary;
        final FileChannel channel;
        final OutputStream buffered;
        final GZIPOutputStream gzip;
        final ExportFormat.EntryWriter writer;
        long entries;

        Open(String projectId, String day) throws IOException {
            this.projectId = projectId;
            this.day = day;
            Path folder = folder(projectId);
            Files.createDirectories(folder);
            target = folder.resolve(day + ".ndjson.gz");
            // one fixed temporary name: what a crash left behind is simply written over
            temporary = folder.resolve(day + ".ndjson.gz.partial");
            channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            gzip = new GZIPOutputStream(buffered, 1 << 16);
            writer = ExportFormat.NDJSON.writer(json, gzip);
        }

        DayFile complete() throws IOException {
            writer.finish();
            gzip.finish();
            buffered.flush();
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(target.getParent());
            return new DayFile(projectId, day, target, entries);
        }

        void abandon() {
            try {
                channel.close();
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a leftover temporary file is written over by the next run
            }
        }
    }

    /** The rename is durable only once the folder's entry is on disk too. */
    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }
}
