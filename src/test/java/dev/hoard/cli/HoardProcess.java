package dev.hoard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code hoard <args>} as a user runs it: a JVM of its own, configured only through its environment. */
final class HoardProcess {

    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        /**
         * Why a command failed: its last line on stderr, one line. (Lines before it are the run's WARN
         * logs, which one-shot commands write to stderr.)
         */
        String reason() {
            List<String> lines = stderr.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private HoardProcess() {
    }

    static Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        try (Running running = start(null, environment, false, args)) {
            assertThat(running.process.waitFor(120, TimeUnit.SECONDS)).as("hoard exited").isTrue();
            return running.result();
        }
    }

    /**
     * Starts {@code hoard <args>} in {@code directory} (null: the build's) and returns while it runs. With
     * {@code ownGroup} it leads a process group of its own, as a command started from a terminal does, with
     * Ctrl-C not ignored (a process started in the background inherits SIGINT ignored): {@code setsid}, then
     * perl resets SIGINT, then java, all one process.
     */
    static Running start(Path directory, Map<String, String> environment, boolean ownGroup, String... args)
            throws IOException {
        Path stdout = Files.createTempFile(Path.of("target"), "cli-", ".out");
        Path stderr = Files.createTempFile(Path.of("target"), "cli-", ".err");
        List<String> command = new ArrayList<>();
        if (ownGroup) {
            command.addAll(List.of("setsid", "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoardCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        return new Running(builder.start(), stdout, stderr);
    }

    /** A running {@code hoard}; closing it stops what is left of it (SIGTERM, which stops its database too). */
    static final class Running implements AutoCloseable {
        final Process process;
        private final Path stdout;
        private final Path stderr;

        private Running(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        String stdout() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        /** Sends {@code signal} (INT, TERM) to its whole process group, as a terminal's Ctrl-C does. */
        void signalGroup(String signal) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + process.pid()).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -" + signal + " -" + process.pid()).isZero();
        }

        /** Waits for the exit and returns how long it took. */
        Duration awaitExit(Duration atMost) throws InterruptedException {
            long started = System.nanoTime();
            assertThat(process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)).as("hoard exited").isTrue();
            return Duration.ofNanos(System.nanoTime() - started);
        }

        Result result() throws IOException {
            return new Result(process.exitValue(), stdout(), stderr());
        }

        @Override
        public void close() throws IOException {
            try {
                if (process.isAlive()) {
                    process.destroy();
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
