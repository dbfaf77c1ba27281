package dev.hoard.upstream.twap;

import static org.awaitility.Awaitility.await;

import dev.hoard.HoardHarness;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Adobe S3Mock, a real S3-compatible server, run from its executable jar (a test-scoped dependency)
 * as a child process of the test JVM, once for all test classes. Its Tomcat access log records each
 * request's method, path and {@code x-amz-request-payer} header, so tests can see what reached the
 * server.
 */
public final class S3MockServer {

    private static S3MockServer shared;

    private final Process process;
    private final int port;
    private final Path accessLog;
    private final S3Client client;

    private S3MockServer(Process process, int port, Path accessLog) {
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
        this.client = S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    public static synchronized S3MockServer shared() throws IOException {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static S3MockServer start() throws IOException {
        Path work = Files.createDirectories(Path.of("target", "s3mock")).toAbsolutePath();
        Path root = Files.createTempDirectory(work, "store-");
        Path logs = Files.createTempDirectory(work, "logs-");
        int port = HoardHarness.freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", execJar(),
                "--com.adobe.testing.s3mock.httpPort=" + port,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--com.adobe.testing.s3mock.store.root=" + root,
                "--server.tomcat.accesslog.enabled=true",
                "--server.tomcat.accesslog.directory=" + logs,
                "--server.tomcat.accesslog.prefix=access",
                "--server.tomcat.accesslog.suffix=.log",
                "--server.tomcat.accesslog.file-date-format=",
                "--server.tomcat.accesslog.buffered=false",
                "--server.tomcat.accesslog.pattern=%m %U %{x-amz-request-payer}i"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("s3mock.out").toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Mock exited: " + Files.readString(logs.resolve("s3mock.out")));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new S3MockServer(process, port, logs.resolve("access.log"));
    }

    private static String execJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("s3mock") && entry.endsWith("-exec.jar")) {
                return entry;
            }
        }
        throw new IllegalStateException("the S3Mock exec jar is not on the test classpath");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client of its own for the tests (uploads, deletes), not the one Hoard uses. */
    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Uploads {@code content} and returns the ETag S3Mock gives it. */
    public String put(String bucket, String key, byte[] content) {
        return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag();
    }

    /** Every request line the server has logged: {@code METHOD /path x-amz-request-payer} ("-" when absent). */
    public List<String> requests() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog, StandardCharsets.UTF_8) : List.of();
    }

    private void stop() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
