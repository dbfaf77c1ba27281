package dev.hoard.upstream.twap;

import dev.hoard.HoardHarness;

/** Hoard with its TWAP ETL pointed at a bucket of the shared S3Mock, credentials from the AWS chain. */
final class TwapHarness {

    static final String ACCESS_KEY = "AKIAHOARDTESTKEY0001";
    static final String SECRET_KEY = "hoard-test-secret-Zq8XvB";

    private TwapHarness() {
    }

    static HoardHarness start(S3MockServer s3, String bucket, String prefix) throws Exception {
        return builder(s3, bucket, prefix).start();
    }

    static HoardHarness.Builder builder(S3MockServer s3, String bucket, String prefix) {
        // the standard chain reads these system properties (in production: the environment, profiles, roles)
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        return HoardHarness.builder()
                .property("hoard.twap.enabled", "true")
                .property("hoard.twap.bucket", bucket)
                .property("hoard.twap.prefix", prefix)
                .property("hoard.twap.endpoint-override", s3.endpoint())
                .property("hoard.twap.path-style", "true");
    }
}
