package dev.hoard.upstream.twap;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 client of the TWAP bucket, declared as a bean in {@code routes/twap-s3.camel.yaml}.
 *
 * <p>The bucket is requester-pays, and camel-aws2-s3 has no option for that: every request this
 * client sends carries {@code x-amz-request-payer: requester}. Credentials come from the standard AWS
 * chain (environment, system properties, profile files, container or instance roles) and are never
 * put in a property, a URI or a log line. An endpoint override and path-style access let it talk to
 * S3-compatible servers; without an override, buckets in other regions are followed.
 */
public final class TwapS3Clients {

    public static final String REQUEST_PAYER_HEADER = "x-amz-request-payer";

    private TwapS3Clients() {
    }

    public static S3Client requesterPays(String region, String endpointOverride, boolean pathStyle) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putHeader(REQUEST_PAYER_HEADER, "requester")
                        .build())
                .forcePathStyle(pathStyle);
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride.trim()));
        } else {
            builder.crossRegionAccessEnabled(true);
        }
        return builder.build();
    }
}
