package dev.hoard.upstream.twap;

import java.time.Instant;

/**
 * One object to ingest: where it comes from ({@code s3://bucket} or {@code file}), its key (or
 * local path), and the version seen when it was listed: ETag (an MD5 of the content for local
 * files), last-modified time and size.
 */
public record TwapObject(String source, String key, String etag, Instant lastModified, Long sizeBytes) {

    public static final String LOCAL_SOURCE = "file";

    @Override
    public String toString() {
        return source.equals(LOCAL_SOURCE) ? key : source + "/" + key;
    }
}
