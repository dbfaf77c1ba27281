package dev.hoard.bench;

import dev.hoard.sim.ExchangeSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident memory of a Hoard process serving live streams: {@code java -jar hoard.jar run} is
 * started as a child process (with the JVM options under test) against the simulator, which
 * emits every subscription every 100 ms; its VmRSS is sampled every second and the peak reported.
 */
public final class LiveMemoryBenchmark {

    public record Result(int instruments, long peakRssKib, long lastRssKib, int seconds) {
    }

    private final String databaseUrl;
    private final Path jar;
    private final List<String> jvmOptions;

    public LiveMemoryBenchmark(String databaseUrl, Path jar, List<String> jvmOptions) {
        this.databaseUrl = databaseUrl;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public Result run(int instruments, Duration duration) throws Exception {
        try (ExchangeSimulator simulator = new ExchangeSimulator(0).start()) {
            simulator.hyperliquid().ws().emitEvery(Duration.ofMillis(100));
            Path catalog = LiveBenchmark.catalog(instruments, true);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "run"));
            Path log = Files.createTempFile("hoard-bench-memory", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("DATABASE_URL", databaseUrl);
            env.put("HOARD_HTTP_PORT", String.valueOf(LiveBenchmark.freePort()));
            env.put("HOARD_SCHEDULES_ENABLED", "false");
            env.put("HOARD_CATALOG_FILE", catalog.toString());
            env.put("HOARD_HYPERLIQUID_REST_URL", simulator.hyperliquidRestUrl());
            env.put("HOARD_HYPERLIQUID_WS_URL", LiveBenchmark.wsUrl(simulator));
            env.put("HOARD_HYPERLIQUID_GAP_REPAIR_ENABLED", "false");
            Process process = builder.start();
            try {
                LiveBenchmark.awaitTrue(() -> simulator.hyperliquid().ws().stats().subscribeMessages() >= 2L * instruments
                        || !process.isAlive(), Duration.ofMinutes(2));
                if (!process.isAlive()) {
                    throw new IllegalStateException("hoard exited early; see " + log);
                }
                long peak = 0;
                long last = 0;
                long end = System.nanoTime() + duration.toNanos();
                int seconds = 0;
                while (System.nanoTime() < end && process.isAlive()) {
                    last = rssKib(process.pid());
                    peak = Math.max(peak, last);
                    seconds++;
                    Thread.sleep(1000);
                }
                return new Result(instruments, peak, last, seconds);
            } finally {
                process.destroy();
                process.waitFor();
                simulator.hyperliquid().ws().emitEvery(Duration.ZERO);
            }
        }
    }

    static long rssKib(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(new File("/proc/" + pid + "/status").toPath())) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid + " (this benchmark reads Linux /proc)");
    }
}
