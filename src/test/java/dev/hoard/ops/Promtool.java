package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own checker, {@code promtool} (Debian package {@code prometheus}), run as a child process.
 * Where it is not installed the checks that need it are skipped, unless {@code HOARD_TEST_REQUIRE_PROMTOOL=true}
 * (set by {@code .ci/run}, which installs it): then its absence fails the test, so CI cannot pass without them.
 */
final class Promtool {

    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("HOARD_TEST_REQUIRE_PROMTOOL"));
    }

    /** The promtool executable; skips the calling test when it is absent and not required, fails when required. */
    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if (required()) {
            fail("promtool is not on PATH but HOARD_TEST_REQUIRE_PROMTOOL=true (install the Debian package prometheus)");
        }
        Assumptions.abort("promtool not installed (apt-get install prometheus); .ci/run installs it and requires these checks");
        return null;
    }

    /** Runs {@code promtool args…} with {@code stdin} (may be null) and returns its exit code and output. */
    static Result run(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool exited").isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs promtool and asserts it exits 0. */
    static String check(Path stdin, String... args) throws IOException, InterruptedException {
        Result result = run(stdin, args);
        assertThat(result.exitCode()).as("promtool %s:%n%s", String.join(" ", args), result.output()).isZero();
        return result.output();
    }
}
