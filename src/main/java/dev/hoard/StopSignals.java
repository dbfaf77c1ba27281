package dev.hoard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM, handled in order rather than by the JVM's default, which runs every
 * shutdown hook at once: the embedded PostgreSQL's own hook then stopped the database under a job
 * that was still writing, and camel-main's waited for that job. Once {@link #install installed}, a
 * stop signal runs the stop action of what is running (a one-shot job is interrupted at its next
 * safe point; the service completes its run), which then stops its routes, and the database last.
 * The process exits 128 + the signal's number: 130 for Ctrl-C. A second signal exits at once, and so
 * does a one-shot job whose stop takes longer than {@link #GRACE} (the service's stop is bounded by Camel's
 * own shutdown timeout instead).
 *
 * <p>The embedded PostgreSQL itself never sees the terminal's Ctrl-C: {@code pg_ctl} starts the
 * postmaster in a session of its own ({@code setsid}), so only Hoard stops it.
 */
public final class StopSignals {

    /** How long a one-shot job's stop may take before the process exits anyway. */
    public static final Duration GRACE = Duration.ofSeconds(10);
    private static final Map<String, Integer> EXIT_CODES = Map.of("INT", 130, "TERM", 143);

    private static volatile boolean installed;
    private static volatile String received;
    private static volatile Runnable stopAction;
    private static volatile Duration stopGrace;
    private static volatile Runnable onGraceExpired = () -> { };

    private StopSignals() {
    }

    /** Takes SIGINT and SIGTERM over from the JVM; false where the platform does not allow it. */
    public static synchronized boolean install() {
        if (!installed) {
            try {
                for (String name : EXIT_CODES.keySet()) {
                    Signal.handle(new Signal(name), StopSignals::handle);
                }
                installed = true;
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    public static boolean installed() {
        return installed;
    }

    /** The exit code owed to a stop signal received, if one was. */
    public static Optional<Integer> exitCode() {
        String name = received;
        return name == null ? Optional.empty() : Optional.of(EXIT_CODES.get(name));
    }

    /** What runs, besides exiting, when a stop takes longer than {@link #GRACE} (say, telling the user). */
    public static void onGraceExpired(Runnable action) {
        onGraceExpired = action;
    }

    /**
     * While the returned handle is open, a stop signal runs {@code action} (once), and the caller then
     * returns and stops in order; if that takes longer than {@code grace} (null: no limit), the process
     * exits anyway. Without a registered action a stop signal exits at once.
     */
    public static AutoCloseable whileRunning(Runnable action, Duration grace) {
        stopAction = action;
        stopGrace = grace;
        return () -> {
            if (stopAction == action) {
                stopAction = null;
            }
        };
    }

    private static void handle(Signal signal) {
        Runnable action = stopAction;
        if (received != null || action == null) {
            if (received == null) {
                received = signal.getName();
            }
            System.exit(exitCode().orElse(1));
        }
        received = signal.getName();
        Duration grace = stopGrace;
        if (grace != null) {
            watchdog(grace);
        }
        action.run();
    }

    private static void watchdog(Duration grace) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            onGraceExpired.run();
            System.exit(exitCode().orElse(1));
        }, "hoard-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
