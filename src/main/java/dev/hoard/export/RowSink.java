package dev.hoard.export;

import java.io.IOException;

/** Where exported rows go, one at a time, in the dataset's column order. */
public interface RowSink extends AutoCloseable {

    /** Values as JDBC reads them: Instant for timestamps, BigDecimal, Long, Boolean, String, or null. */
    void row(Object[] values) throws IOException;

    @Override
    void close() throws IOException;
}
