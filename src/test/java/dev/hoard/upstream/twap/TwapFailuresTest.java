package dev.hoard.upstream.twap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which failures of one object are retried within a run. */
class TwapFailuresTest {

    private static S3Exception s3(int status) {
        return (S3Exception) S3Exception.builder().statusCode(status).message("status " + status).build();
    }

    @Test
    void transferDatabaseConnectionAndS3ServerFailuresAreTransient() {
        assertThat(TwapFailures.isTransient(SdkClientException.create("connection reset"))).isTrue();
        assertThat(TwapFailures.isTransient(new SocketTimeoutException("read timed out"))).isTrue();
        assertThat(TwapFailures.isTransient(new IOException("broken pipe"))).isTrue();
        assertThat(TwapFailures.isTransient(s3(503))).isTrue();
        assertThat(TwapFailures.isTransient(s3(429))).isTrue();
        assertThat(TwapFailures.isTransient(new SQLException("connection lost", "08006"))).isTrue();
        assertThat(TwapFailures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
    }

    @Test
    void corruptObjectsRejectedRequestsAndDataErrorsAreNot() {
        assertThat(TwapFailures.isTransient(new CorruptObjectException("not parquet", new IOException("bad magic")))).isFalse();
        assertThat(TwapFailures.isTransient(new RuntimeException(new CorruptObjectException("no TWAP columns")))).isFalse();
        assertThat(TwapFailures.isTransient(s3(412))).as("changed since listed").isFalse();
        assertThat(TwapFailures.isTransient(s3(403))).isFalse();
        assertThat(TwapFailures.isTransient(new SQLException("numeric field overflow", "22003"))).isFalse();
        assertThat(TwapFailures.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(TwapFailures.isTransient((Throwable) null)).isFalse();
    }
}
