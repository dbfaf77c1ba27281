package dev.hoard.upstream.twap;

import dev.hoard.pipeline.PipelineRunLog;
import dev.hoard.sink.BulkUpsertWriter;
import dev.hoard.sink.ConflictPolicy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code etl_s3_ingest_log}: one row per object version (source, key, ETag) with its rows and its
 * error, if any. A version without error is done and skipped; a failed one is tried again next run.
 */
public final class S3IngestLog {

    /** Exchange property holding the {@link TwapObject} being ingested. */
    public static final String OBJECT = "hoardS3Object";

    private static final Logger LOG = LoggerFactory.getLogger(S3IngestLog.class);

    private final DataSource dataSource;
    private final BulkUpsertWriter writer;
    private final Clock clock;

    public S3IngestLog(DataSource dataSource, BulkUpsertWriter writer, Clock clock) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.clock = clock;
    }

    /** Of the given keys, those whose version with {@code etags[i]} is already ingested without error. */
    public Set<String> ingested(String source, List<String> keys, List<String> etags) throws SQLException {
        Set<String> done = new HashSet<>();
        if (keys.isEmpty()) {
            return done;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT l.object_key FROM etl_s3_ingest_log l
                       JOIN unnest(?::text[], ?::text[]) AS o(object_key, etag)
                         ON l.object_key = o.object_key AND l.etag = o.etag
                      WHERE l.source = ? AND l.error IS NULL""")) {
            Array keyArray = connection.createArrayOf("text", keys.toArray());
            Array etagArray = connection.createArrayOf("text", etags.toArray());
            select.setArray(1, keyArray);
            select.setArray(2, etagArray);
            select.setString(3, source);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getString(1));
                }
            }
        }
        return done;
    }

    /** Records a successful ingest inside the caller's transaction, beside the object's rows. */
    public void succeeded(Connection connection, TwapObject object, long rows, long inserted, long rejected)
            throws SQLException {
        write(connection, object, rows, inserted, rejected, null);
    }

    /** Records the failure of the exchange's object (error handler step), in a transaction of its own. */
    public void failed(Exchange exchange) {
        TwapObject object = exchange.getProperty(OBJECT, TwapObject.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = PipelineRunLog.oneLine(failure);
        TwapEtlRun run = exchange.getProperty(TwapEtlRun.PROPERTY, TwapEtlRun.class);
        if (run != null) {
            run.failed(object == null ? "an unlisted object" : object.toString(), reason);
        }
        if (object == null) {
            LOG.warn("TWAP object failed before it was identified: {}", reason);
            return;
        }
        LOG.warn("TWAP object {} failed: {}", object, reason);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            write(connection, object, 0, 0, 0, reason);
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("Could not record the failure of {}: {}", object, e.getMessage());
        }
    }

    private void write(Connection connection, TwapObject object, long rows, long inserted, long rejected,
                       String error) throws SQLException {
        Object[] row = {object.source(), object.key(), object.etag(), object.lastModified(), object.sizeBytes(),
            rows, inserted, rejected, error, clock.instant()};
        writer.upsert(connection, TwapTables.INGEST_LOG, ConflictPolicy.OVERWRITE, List.<Object[]>of(row));
    }

    /** The newest object ingested without error, and when. */
    public static Optional<Latest> latest(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT source, object_key, ingested_at FROM etl_s3_ingest_log
                 WHERE error IS NULL ORDER BY ingested_at DESC LIMIT 1""");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String source = rs.getString(1);
            String key = rs.getString(2);
            String name = source.equals(TwapObject.LOCAL_SOURCE) ? key : source + "/" + key;
            return Optional.of(new Latest(name, rs.getTimestamp(3).toInstant()));
        }
    }

    public record Latest(String object, Instant ingestedAt) {
    }

    static List<String> keys(Collection<TwapObject> objects) {
        return objects.stream().map(TwapObject::key).toList();
    }
}
