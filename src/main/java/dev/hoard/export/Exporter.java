package dev.hoard.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hoard.api.InstrumentLookup;
import dev.hoard.backfill.Progress;
import dev.hoard.jobs.JobRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Streams one dataset from PostgreSQL into CSV and/or Parquet: a server-side cursor (fetch size
 * {@value #FETCH_SIZE}) in a read-only transaction, each row handed to every sink and dropped, so
 * memory stays flat whatever the range. Reports progress (share of the time range covered) into the
 * job registry.
 */
public final class Exporter {

    static final int FETCH_SIZE = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What an export produced: its rows and the time of its first and last row (null when empty). */
    public record Result(long rows, Instant first, Instant last) {
    }

    public enum Format {
        CSV("csv", "text/csv"), PARQUET("parquet", "application/vnd.apache.parquet");

        private final String extension;
        private final String contentType;

        Format(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    private final DataSource dataSource;
    private final JobRegistry jobs;
    private final Clock clock;

    public Exporter(DataSource dataSource, JobRegistry jobs, Clock clock) {
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Runs the export into {@code sinks} (closing them), reporting progress lines to {@code out}. */
    public Result run(ExportRequest request, List<RowSink> sinks, Consumer<String> out) throws SQLException, IOException {
        long rangeSeconds = Math.max(1, Duration.between(request.start(), request.end()).toSeconds());
        Progress progress = new Progress("export " + request.dataset().id() + " " + request.listing().coin()
                + (request.interval() == null ? "" : " " + request.interval()), rangeSeconds, clock,
                Duration.ofSeconds(2), out).track(jobs);
        try {
            Result result = stream(request, sinks, progress);
            for (RowSink sink : sinks) {
                sink.close();
            }
            progress.finish();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            progress.fail(e);
            for (RowSink sink : sinks) {
                try {
                    sink.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private Result stream(ExportRequest request, List<RowSink> sinks, Progress progress) throws SQLException, IOException {
        List<ExportColumn> columns = request.dataset().columns();
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try {
                long instrumentId = InstrumentLookup.id(connection, request.listing());
                try (PreparedStatement select = connection.prepareStatement(request.dataset().sql())) {
                    select.setFetchSize(FETCH_SIZE);
                    int i = 1;
                    select.setLong(i++, instrumentId);
                    if (request.dataset().byInterval()) {
                        select.setString(i++, request.interval());
                    }
                    select.setTimestamp(i++, Timestamp.from(request.start()));
                    select.setTimestamp(i, Timestamp.from(request.end()));
                    long rows = 0;
                    Instant first = null;
                    Instant last = null;
                    long reportedSecond = request.start().getEpochSecond();
                    try (ResultSet rs = select.executeQuery()) {
                        Object[] values = new Object[columns.size()];
                        while (rs.next()) {
                            for (int c = 0; c < values.length; c++) {
                                values[c] = read(rs, c + 1, columns.get(c).kind());
                            }
                            for (RowSink sink : sinks) {
                                sink.row(values);
                            }
                            rows++;
                            last = (Instant) values[0];
                            if (first == null) {
                                first = last;
                            }
                            if ((rows & 1023) == 0) {
                                long second = last.getEpochSecond();
                                progress.advance(second - reportedSecond, 1024);
                                reportedSecond = second;
                            }
                        }
                    }
                    progress.advance(0, rows & 1023);
                    return new Result(rows, first, last);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private static Object read(ResultSet rs, int index, ExportColumn.Kind kind) throws SQLException {
        return switch (kind) {
            case TIMESTAMP -> {
                Timestamp ts = rs.getTimestamp(index);
                yield ts == null ? null : ts.toInstant();
            }
            case DECIMAL -> rs.getBigDecimal(index);
            case INT64 -> {
                long value = rs.getLong(index);
                yield rs.wasNull() ? null : value;
            }
            case BOOLEAN -> {
                boolean value = rs.getBoolean(index);
                yield rs.wasNull() ? null : value;
            }
            case STRING -> rs.getString(index);
        };
    }

    /** A sink for one format: CSV onto {@code stream}, Parquet into {@code file}. */
    public static RowSink sink(Format format, ExportRequest request, OutputStream stream, Path file) throws IOException {
        return format == Format.CSV ? new CsvSink(stream, request.dataset().columns())
                : new ParquetSink(file, request.dataset().id(), request.dataset().columns());
    }

    /**
     * Writes the export into {@code directory} in each format, plus {@code <name>.json} with the
     * parameters, row count, time range, columns and their types, and the files written.
     */
    public Map<String, Object> toFiles(ExportRequest request, List<Format> formats, Path directory, Consumer<String> out)
            throws SQLException, IOException {
        Files.createDirectories(directory);
        List<RowSink> sinks = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<OutputStream> streams = new ArrayList<>();
        try {
            for (Format format : formats) {
                Path file = directory.resolve(request.baseName() + "." + format.extension());
                files.add(file.getFileName().toString());
                OutputStream stream = format == Format.CSV ? Files.newOutputStream(file) : null;
                if (stream != null) {
                    streams.add(stream);
                }
                sinks.add(sink(format, request, stream, file));
            }
        } catch (IOException | RuntimeException e) {
            for (OutputStream stream : streams) {
                stream.close();
            }
            throw e;
        }
        Result result = run(request, sinks, out);
        Map<String, Object> metadata = metadata(request, result, files);
        Files.writeString(directory.resolve(request.baseName() + ".json"), JSON.writeValueAsString(metadata));
        return metadata;
    }

    public Map<String, Object> metadata(ExportRequest request, Result result, List<String> files) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("parameters", request.parameters());
        metadata.put("rows", result.rows());
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("first", result.first() == null ? null : result.first().toString());
        range.put("last", result.last() == null ? null : result.last().toString());
        metadata.put("time_range", range);
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ExportColumn column : request.dataset().columns()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column.name());
            c.put("type", column.kind().csvType());
            c.put("parquet_type", column.kind().parquetType());
            c.put("nullable", !column.equals(request.dataset().columns().get(0)));
            columns.add(c);
        }
        metadata.put("columns", columns);
        metadata.put("files", files);
        metadata.put("exported_at", clock.instant().toString());
        return metadata;
    }
}
