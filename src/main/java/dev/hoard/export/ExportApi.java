package dev.hoard.export;

import dev.hoard.api.ApiException;
import dev.hoard.api.ApiParams;
import dev.hoard.api.InstrumentLookup;
import dev.hoard.model.CandleInterval;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /export/<dataset>/{exchange}/{coin}/{quote}/{market_type}[/{interval}]?format=csv|parquet
 * &start_time&end_time}: the export streamed as a download. Rows go from a database cursor into a
 * spool file, which is then streamed to the client and deleted once read (or closed): memory stays
 * flat, and a failed query is still a proper JSON error rather than a cut-off body.
 */
public final class ExportApi {

    private final Exporter exporter;
    private final Clock clock;
    private final Duration defaultRange;
    private final Duration maxRange;
    private final Path spoolDirectory;

    public ExportApi(Exporter exporter, Clock clock, int defaultDays, int maxDays, String spoolDirectory) {
        this.exporter = exporter;
        this.clock = clock;
        this.defaultRange = Duration.ofDays(defaultDays);
        this.maxRange = Duration.ofDays(maxDays);
        this.spoolDirectory = Path.of(spoolDirectory == null || spoolDirectory.isBlank()
                ? System.getProperty("java.io.tmpdir") : spoolDirectory);
    }

    public void handle(Exchange exchange, String dataset) throws IOException, SQLException {
        Message message = exchange.getMessage();
        ApiParams params = new ApiParams(message);
        ExportDataset which = ExportDataset.parse(dataset);
        InstrumentLookup.Listing listing = InstrumentLookup.listing(params);
        String interval = null;
        if (which.byInterval()) {
            interval = params.name("interval");
            if (CandleInterval.find(interval).isEmpty()) {
                throw ApiException.badParameter("interval", "interval must be one of 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1M");
            }
        }
        Exporter.Format format = format(params.text("format"));
        Instant end = params.time("end_time");
        Instant start = params.time("start_time");
        if (end == null) {
            end = start == null ? clock.instant() : start.plus(defaultRange);
        }
        if (start == null) {
            start = end.minus(defaultRange);
        }
        if (!end.isAfter(start)) {
            throw ApiException.badParameter("end_time", "end_time must be after start_time");
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw ApiException.badParameter("end_time", "a range may span at most " + maxRange.toDays() + " days");
        }
        ExportRequest request = new ExportRequest(which, listing, interval, start, end);

        Files.createDirectories(spoolDirectory);
        Path spool = Files.createTempFile(spoolDirectory, "hoard-export-", "." + format.extension());
        try {
            try (OutputStream stream = format == Exporter.Format.CSV ? Files.newOutputStream(spool) : null) {
                exporter.run(request, List.of(Exporter.sink(format, request, stream, spool)), line -> { });
            }
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, format.contentType());
        message.setHeader("Content-Disposition",
                "attachment; filename=\"" + request.baseName() + "." + format.extension() + "\"");
        message.setBody(new DeletingInputStream(spool));
    }

    private static Exporter.Format format(String text) {
        if (text == null) {
            return Exporter.Format.CSV;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "csv" -> Exporter.Format.CSV;
            case "parquet" -> Exporter.Format.PARQUET;
            default -> throw ApiException.badParameter("format", "format must be csv or parquet");
        };
    }

    /**
     * Reads a spool file and deletes it when done (end of file or close, whichever comes first); reads
     * after that answer end of file rather than fail.
     */
    static final class DeletingInputStream extends InputStream {
        private final Path file;
        private final InputStream in;
        private boolean closed;

        DeletingInputStream(Path file) throws IOException {
            this.file = file;
            this.in = Files.newInputStream(file);
        }

        @Override
        public synchronized int read() throws IOException {
            if (closed) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                close();
            }
            return b;
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            if (closed) {
                return -1;
            }
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                close();
            }
            return n;
        }

        @Override
        public synchronized int available() throws IOException {
            return closed ? 0 : in.available();
        }

        @Override
        public synchronized void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    in.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
