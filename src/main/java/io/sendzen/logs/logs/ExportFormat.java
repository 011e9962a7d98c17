package io.sendzen.logs.logs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.LogEntries;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** How an export writes entries: NDJSON (the objects of {@code GET /v1/logs}, one a line) or CSV (RFC 4180). */
public enum ExportFormat {

    NDJSON("ndjson", "application/x-ndjson"),
    CSV("csv", "text/csv; charset=utf-8");

    /** The CSV columns, in order (docs/log-records.md). */
    static final String CSV_HEADER = "log_id,created_at,recorded_on,event_type,direction,phone_number_id,status,"
            + "message_id,wa_id,error_code,category,template_name,api_response_code,flyout_url,flyout_delivery_status,"
            + "flyout_delivery_response_code,flyout_delivery_response,payload";

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    static Optional<ExportFormat> named(String name) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(name)).findFirst();
    }

    /** Writes entries one after another to an output; {@link #finish} flushes what it holds, closing nothing. */
    public interface EntryWriter {
        void write(LogEntries.Exported entry) throws IOException;

        void finish() throws IOException;
    }

    public EntryWriter writer(ObjectMapper json, OutputStream out) throws IOException {
        return this == NDJSON ? new Ndjson(json, out) : new Csv(out);
    }

    private static final class Ndjson implements EntryWriter {
        private final JsonGenerator generator;
        private final ObjectWriter writer;

        Ndjson(ObjectMapper json, OutputStream out) throws IOException {
            generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.setRootValueSeparator(null);
            // flushed by the buffers under it, not after each entry
            writer = json.writerFor(LogEntryView.Entry.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        }

        @Override
        public void write(LogEntries.Exported entry) throws IOException {
            writer.writeValue(generator, LogEntryView.Entry.of(entry.row()));
            generator.writeRaw('\n');
        }

        @Override
        public void finish() throws IOException {
            generator.flush();
        }
    }

    private static final class Csv implements EntryWriter {
        private final Writer out;

        Csv(OutputStream out) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            this.out.write(CSV_HEADER);
            this.out.write("\r\n");
        }

        @Override
        public void write(LogEntries.Exported entry) throws IOException {
            LogEntries.Row row = entry.row();
            out.write(Long.toString(row.logId()));
            out.write(',');
            out.write(Long.toString(row.createdAt()));
            out.write(',');
            out.write(Ticks.toInstant(row.createdAt()).toString());
            out.write(',');
            text(LogEntryView.eventType(row));
            out.write(',');
            out.write(Integer.toString(row.direction()));
            out.write(',');
            text(row.phoneNumberId());
            out.write(',');
            text(entry.status());
            out.write(',');
            text(entry.messageId());
            out.write(',');
            text(entry.waId());
            out.write(',');
            if (entry.errorCode() != null) {
                out.write(Integer.toString(entry.errorCode()));
            }
            out.write(',');
            text(entry.category());
            out.write(',');
            text(entry.templateName());
            out.write(',');
            out.write(Integer.toString(row.apiResponseCode()));
            out.write(',');
            text(row.flyoutUrl());
            out.write(',');
            text(row.flyoutStatus());
            out.write(',');
            out.write(Integer.toString(row.flyoutResponseCode()));
            out.write(',');
            text(row.flyoutResponse());
            out.write(',');
            text(row.payload());
            out.write("\r\n");
        }

        @Override
        public void finish() throws IOException {
            out.flush();
        }

        /** A text cell: quoted when RFC 4180 needs it, and never read as a formula by a spreadsheet. */
        private void text(String value) throws IOException {
            if (value == null || value.isEmpty()) {
                return;
            }
            String cell = formulaSafe(value);
            if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
                out.write(cell);
                return;
            }
            out.write('"');
            out.write(cell.replace("\"", "\"\""));
            out.write('"');
        }
    }

    /**
     * A cell that starts like a formula (= + - @, tab, carriage return) gets a leading {@code '}, which spreadsheets
     * show as text (OWASP's CSV injection advice); the placeholder {@code -} alone is no formula and stays as it is.
     */
    static String formulaSafe(String value) {
        if (value.equals("-")) {
            return value;
        }
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
    }
}
