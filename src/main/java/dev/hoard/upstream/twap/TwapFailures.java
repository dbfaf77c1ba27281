package dev.hoard.upstream.twap;

import java.io.IOException;
import java.sql.SQLException;
import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which failures of one object are worth retrying within the run: dropped or timed-out transfers,
 * S3 throttling and server errors, and lost database connections, deadlocks or serialization
 * failures. A corrupt object, a rejected request (403, 404, a 412 when the object changed since it
 * was listed) or a data error is not; it is recorded and tried again next run.
 */
public final class TwapFailures {

    public boolean isTransient(Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null) {
            failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
        return isTransient(failure);
    }

    static boolean isTransient(Throwable failure) {
        if (failure == null || ObjectHelper.getException(CorruptObjectException.class, failure) != null) {
            return false;
        }
        S3Exception s3 = ObjectHelper.getException(S3Exception.class, failure);
        if (s3 != null) {
            return s3.statusCode() == 429 || s3.statusCode() >= 500;
        }
        SQLException sql = ObjectHelper.getException(SQLException.class, failure);
        if (sql != null) {
            String state = sql.getSQLState();
            return state == null || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57");
        }
        return ObjectHelper.getException(SdkClientException.class, failure) != null
                || ObjectHelper.getException(IOException.class, failure) != null;
    }
}
