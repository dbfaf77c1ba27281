package dev.hoard.upstream.twap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.model.DeadLetter;
import dev.hoard.model.TwapStatus;
import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.ConflictPolicy;
import dev.hoard.sink.DeadLetterStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Ingests one parquet object as one transaction: its rows into {@code twap_status} (ON CONFLICT DO
 * NOTHING on (twap_id, wallet, ts)), its rejected rows into {@code dead_letters}, and its
 * {@code etl_s3_ingest_log} row. Rows stream from the file into the bulk writer in chunks, so memory
 * stays flat whatever the object's size (one parquet row group is decoded at a time).
 *
 * <p>An S3 body is first spooled to a temporary file (parquet is read from its footer backwards).
 */
public final class TwapObjectIngester {

    public static final String DEAD_LETTER_SOURCE = "twap-s3";

    /** Rows per writer call; each call is one COPY and one INSERT … ON CONFLICT inside the object's transaction. */
    static final int CHUNK_ROWS = 50_000;
    /** Rejected rows kept as dead letters per object; the rest are only counted. */
    static final int MAX_DEAD_LETTERS = 100;

    private final DataSource dataSource;
    private final BulkUpsertWriter writer;
    private final DeadLetterStore deadLetters;
    private final S3IngestLog log;
    private final Path spoolDirectory;

    public TwapObjectIngester(DataSource dataSource, BulkUpsertWriter writer, DeadLetterStore deadLetters,
                              S3IngestLog log, String spoolDirectory) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.log = log;
        this.spoolDirectory = spoolDirectory == null || spoolDirectory.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(spoolDirectory);
    }

    /** Route step: the exchange's body is the object's content (an S3 stream) or a local file's Path. */
    public void ingest(Exchange exchange) throws IOException, SQLException {
        TwapObject object = exchange.getProperty(S3IngestLog.OBJECT, TwapObject.class);
        Object body = exchange.getMessage().getBody();
        Result result;
        if (body instanceof Path file) {
            result = ingestFile(object, file);
        } else {
            try (InputStream content = exchange.getMessage().getMandatoryBody(InputStream.class)) {
                result = ingestStream(object, content);
            } catch (org.apache.camel.InvalidPayloadException e) {
                throw new IllegalStateException("no object content for " + object, e);
            }
        }
        TwapEtlRun run = exchange.getProperty(TwapEtlRun.PROPERTY, TwapEtlRun.class);
        if (run != null) {
            run.ingested(result.rows(), result.inserted(), result.rejected());
        }
        exchange.getMessage().setBody(result);
    }

    public Result ingestStream(TwapObject object, InputStream content) throws IOException, SQLException {
        Files.createDirectories(spoolDirectory);
        Path file = Files.createTempFile(spoolDirectory, "hoard-twap-", ".parquet");
        try {
            Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            return ingestFile(object, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    public Result ingestFile(TwapObject object, Path file) throws SQLException {
        try (ParquetRows rows = ParquetRows.open(file); Connection connection = dataSource.getConnection()) {
            TwapStatusMapper mapper = TwapStatusMapper.forColumns(rows.schema().getPaths().stream().map(List::of).toList());
            connection.setAutoCommit(false);
            try {
                Mapped mapped = new Mapped(rows, mapper, object.key());
                long inserted = 0;
                while (mapped.hasNext()) {
                    inserted += writer.upsert(connection, TwapTables.TWAP_STATUS, ConflictPolicy.DO_NOTHING,
                            () -> new Chunk(mapped, CHUNK_ROWS));
                    deadLetters.add(connection, mapped.drainDeadLetters());
                }
                deadLetters.add(connection, mapped.drainDeadLetters());
                log.succeeded(connection, object, rows.rowNumber(), inserted, mapped.rejected);
                connection.commit();
                return new Result(rows.rowNumber(), inserted, mapped.rejected);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** What one object gave: rows read, rows new to the table, rows rejected (dead-lettered). */
    public record Result(long rows, long inserted, long rejected) {
    }

    /** Parquet rows as writer rows; rows that do not map are set aside as dead letters. */
    private static final class Mapped implements Iterator<Object[]> {
        private final ParquetRows rows;
        private final TwapStatusMapper mapper;
        private final String objectKey;
        private final List<DeadLetter> pendingDeadLetters = new ArrayList<>();
        private Object[] next;
        private long rejected;

        Mapped(ParquetRows rows, TwapStatusMapper mapper, String objectKey) {
            this.rows = rows;
            this.mapper = mapper;
            this.objectKey = objectKey;
        }

        @Override
        public boolean hasNext() {
            while (next == null && rows.hasNext()) {
                ObjectNode row = rows.next();
                try {
                    TwapStatus status = mapper.apply(row);
                    next = TwapTables.row(status, objectKey);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    rejected++;
                    if (rejected <= MAX_DEAD_LETTERS) {
                        pendingDeadLetters.add(new DeadLetter(DEAD_LETTER_SOURCE,
                                objectKey + " row " + rows.rowNumber() + ": " + e.getMessage(), row.toString()));
                    }
                }
            }
            return next != null;
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object[] row = next;
            next = null;
            return row;
        }

        List<DeadLetter> drainDeadLetters() {
            List<DeadLetter> drained = List.copyOf(pendingDeadLetters);
            pendingDeadLetters.clear();
            return drained;
        }
    }

    /** At most {@code size} rows of a shared iterator: one writer call's worth. */
    private static final class Chunk implements Iterator<Object[]> {
        private final Iterator<Object[]> source;
        private int left;

        Chunk(Iterator<Object[]> source, int size) {
            this.source = source;
            this.left = size;
        }

        @Override
        public boolean hasNext() {
            return left > 0 && source.hasNext();
        }

        @Override
        public Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            left--;
            return source.next();
        }
    }
}
