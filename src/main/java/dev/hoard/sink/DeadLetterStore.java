package dev.hoard.sink;

import dev.hoard.model.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import dev.hoard.upstream.MalformedPayloadException;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps upstream payloads that could not be understood, each with its reason. */
public final class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final String INSERT = "INSERT INTO dead_letters (source, reason, payload) VALUES (?, ?, ?)";

    private final DataSource dataSource;

    public DeadLetterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds dead letters inside the caller's transaction, beside the rows of the same unit. */
    public void add(Connection connection, Collection<DeadLetter> letters) throws SQLException {
        if (letters.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (DeadLetter letter : letters) {
                insert.setString(1, letter.source());
                insert.setString(2, letter.reason());
                insert.setString(3, letter.payload() == null ? null : letter.payload().replace("\0", "\\u0000"));
                insert.addBatch();
                LOG.warn("Dead-lettered {}: {}", letter.source(), letter.reason());
            }
            insert.executeBatch();
        }
    }

    /**
     * Dead-letters the whole payload of a {@link MalformedPayloadException} caught by an error
     * handler, in a transaction of its own.
     */
    public void rejectPayload(Exchange exchange) throws SQLException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MalformedPayloadException malformed = ObjectHelper.getException(MalformedPayloadException.class, failure);
        if (malformed != null) {
            add(new DeadLetter(malformed.source(), malformed.getMessage(), malformed.payload()));
        }
    }

    /** Adds one dead letter in a transaction of its own: a whole payload that was rejected. */
    public void add(DeadLetter letter) throws SQLException {
        addAll(List.of(letter));
    }

    /** Adds dead letters in a transaction of their own: stream frames that could not be understood. */
    public void addAll(Collection<DeadLetter> letters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            add(connection, letters);
        }
    }
}
