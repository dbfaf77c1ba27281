package dev.hoard.upstream.twap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Decides which objects a run ingests, from S3 listings (ListObjectsV2, one page at a time) and the
 * ingest log, without downloading anything:
 * <ul>
 * <li>incremental: every object under the prefix whose current ETag has no successful ingest;</li>
 * <li>since a time: every object last modified at or after it, ingested again even if logged;</li>
 * <li>one key: that object (HEAD for its ETag), ingested again even if logged.</li>
 * </ul>
 * camel-aws2-s3's consumer would instead GET every listed object on every poll (its
 * {@code createExchanges} opens each one, whatever {@code includeBody} or {@code ignoreBody} say).
 */
public final class TwapObjectLister {

    /** Run headers: {@code HoardTwapSince} (an Instant) or {@code HoardTwapObjectKey}; neither means incremental. */
    public static final String SINCE = "HoardTwapSince";
    public static final String OBJECT_KEY = "HoardTwapObjectKey";

    private final S3Client s3;
    private final S3IngestLog log;
    private final String bucket;
    private final String prefix;

    public TwapObjectLister(S3Client s3, S3IngestLog log, String bucket, String prefix) {
        this.s3 = s3;
        this.log = log;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
    }

    public String source() {
        return "s3://" + bucket;
    }

    /** The objects this run ingests, listed lazily page by page. */
    public Iterator<TwapObject> select(Exchange exchange) throws SQLException {
        String key = exchange.getMessage().getHeader(OBJECT_KEY, String.class);
        if (key != null && !key.isBlank()) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return List.of(new TwapObject(source(), key, head.eTag(), head.lastModified(), head.contentLength()))
                    .iterator();
        }
        Instant since = exchange.getMessage().getHeader(SINCE, Instant.class);
        Iterator<ListObjectsV2Response> pages = s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                .bucket(bucket).prefix(prefix).build()).iterator();
        return new Iterator<>() {
            private Iterator<TwapObject> page = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && pages.hasNext()) {
                    page = pending(pages.next().contents(), since).iterator();
                }
                return page.hasNext();
            }

            @Override
            public TwapObject next() {
                hasNext();
                return page.next();
            }
        };
    }

    private List<TwapObject> pending(List<S3Object> listed, Instant since) {
        List<TwapObject> objects = new ArrayList<>();
        for (S3Object object : listed) {
            if (object.key().endsWith("/") || (since != null && object.lastModified().isBefore(since))) {
                continue;
            }
            objects.add(new TwapObject(source(), object.key(), object.eTag(), object.lastModified(), object.size()));
        }
        if (since != null || objects.isEmpty()) {
            return objects;
        }
        try {
            Set<String> done = log.ingested(source(), S3IngestLog.keys(objects),
                    objects.stream().map(TwapObject::etag).toList());
            objects.removeIf(object -> done.contains(object.key()));
            return objects;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read etl_s3_ingest_log: " + e.getMessage(), e);
        }
    }

    /** A local parquet file as an object of its own, versioned by the MD5 of its content. */
    public static TwapObject localFile(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("no such file: " + absolute);
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(absolute)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return new TwapObject(TwapObject.LOCAL_SOURCE, absolute.toString(), HexFormat.of().formatHex(md5.digest()),
                Files.getLastModifiedTime(absolute).toInstant(), Files.size(absolute));
    }
}
