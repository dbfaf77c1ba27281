package dev.hoard.aggregate;

import dev.hoard.model.Candle;
import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.model.OpenInterest;
import dev.hoard.sink.MarketBatch;
import dev.hoard.sink.MarketDataWriter;
import dev.hoard.sink.StorageFailures;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live rows between the buffers and the database. The {@code live-flush} route takes the next
 * batch ({@link #next}: what is held from a failed write, merged with what is due now), writes it,
 * and reports {@link #written} or, from its error handler, {@link #failed}. A batch whose write failed
 * because the database is unreachable is held and tried again at the next tick (every
 * {@code hoard.live.flush-period-ms}), so writes resume within a tick of the database answering again,
 * and nothing is lost meanwhile. A batch the database refuses for good is logged at ERROR, row by row.
 *
 * <p>As a Camel service stopped after the routes and before the database, it makes the last write at
 * shutdown: everything held and buffered, retried until {@code shutdownDeadline}; what still cannot be
 * written is logged at ERROR, exactly.
 */
public final class LiveFlush implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFlush.class);
    private static final Duration REMIND_EVERY = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_RETRY = Duration.ofMillis(250);

    private final LiveBuffers buffers;
    private final MarketDataWriter writer;
    private final Duration shutdownDeadline;
    private MarketBatch held;
    private MarketBatch inFlight;
    private long failingSinceNanos;
    private long remindedAtNanos;
    private boolean failing;
    private Gauge heldGauge;

    public LiveFlush(LiveBuffers buffers, MarketDataWriter writer, Duration shutdownDeadline) {
        this.buffers = buffers;
        this.writer = writer;
        this.shutdownDeadline = shutdownDeadline;
    }

    /** The batch to write now: the held one merged with what is due; empty when there is nothing. */
    public synchronized MarketBatch next() {
        inFlight = merged(held, buffers.drain());
        return inFlight;
    }

    /** The batch of {@link #next} is written. */
    public synchronized void written() {
        if (held != null && failing) {
            LOG.info("Database writes resumed: {} held live row(s) written after {} s", inFlight.rows(),
                    Duration.ofNanos(System.nanoTime() - failingSinceNanos).toSeconds());
        }
        held = null;
        inFlight = null;
        failing = false;
    }

    /** The write of the batch of {@link #next} failed: held for the next tick, or given up when it never can be. */
    public synchronized void failed(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MarketBatch batch = inFlight;
        inFlight = null;
        if (batch == null || batch.isEmpty()) {
            return;
        }
        if (!StorageFailures.isTransient(failure)) {
            held = null;
            giveUp("the database refused it: " + oneLine(failure), batch);
            return;
        }
        held = batch;
        long now = System.nanoTime();
        if (!failing) {
            failing = true;
            failingSinceNanos = now;
            remindedAtNanos = now;
            LOG.warn("Database unavailable ({}): holding {} live row(s), trying again every tick", oneLine(failure),
                    batch.rows());
        } else if (now - remindedAtNanos >= REMIND_EVERY.toNanos()) {
            remindedAtNanos = now;
            LOG.warn("Database still unavailable after {} s ({}): holding {} live row(s)",
                    Duration.ofNanos(now - failingSinceNanos).toSeconds(), oneLine(failure), batch.rows());
        }
    }

    /** Rows held because the database could not take them. */
    public synchronized int heldRows() {
        return held == null ? 0 : held.rows();
    }

    @Override
    public void start() {
        heldGauge = Gauge.builder("hoard.live.held.rows", this, LiveFlush::heldRows)
                .description("Live rows held in memory because the database could not take them yet")
                .register(Metrics.globalRegistry);
    }

    /** The last write: everything held and buffered, retried until the deadline. */
    @Override
    public void stop() {
        MarketBatch last;
        synchronized (this) {
            last = merged(held, buffers.drainAll());
            held = null;
        }
        if (heldGauge != null) {
            Metrics.globalRegistry.remove(heldGauge);
            heldGauge = null;
        }
        if (last.isEmpty()) {
            return;
        }
        Instant deadline = Instant.now().plus(shutdownDeadline);
        Throwable failure;
        while (true) {
            try {
                writer.write(last);
                LOG.info("Shutdown: wrote the last {} live row(s)", last.rows());
                return;
            } catch (Exception e) {
                failure = e;
            }
            if (!StorageFailures.isTransient(failure) || !Instant.now().plus(SHUTDOWN_RETRY).isBefore(deadline)) {
                break;
            }
            try {
                Thread.sleep(SHUTDOWN_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        giveUp("not written by the shutdown deadline of " + shutdownDeadline.toSeconds() + " s: " + oneLine(failure), last);
    }

    /** One ERROR line with the reason and the counts, then one per series and dataset with its times. */
    private static void giveUp(String reason, MarketBatch batch) {
        LOG.error("Live rows given up ({}): {} candle(s), {} funding row(s), {} open-interest row(s)", reason,
                batch.candles().size(), batch.funding().size(), batch.openInterest().size());
        Map<String, List<Instant>> series = new TreeMap<>();
        for (Candle c : batch.candles()) {
            series.computeIfAbsent("candles " + key(c.instrument()) + " " + c.interval()
                    + (c.isFinal() ? " final" : " provisional"), k -> new ArrayList<>()).add(c.openTime());
        }
        batch.funding().forEach(f -> series.computeIfAbsent("funding " + key(f.instrument()), k -> new ArrayList<>())
                .add(f.time()));
        batch.openInterest().forEach(o -> series.computeIfAbsent("open_interest " + key(o.instrument()),
                k -> new ArrayList<>()).add(o.time()));
        series.forEach((name, times) -> LOG.error("Live rows given up: {} at {}", name,
                times.stream().sorted().map(Instant::toString).toList()));
    }

    private static String key(Instrument i) {
        return i.exchange() + " " + i.symbol() + " " + i.marketType();
    }

    private static String oneLine(Throwable failure) {
        return failure == null ? "unknown failure" : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /**
     * {@code older} and {@code newer} as one batch with one row per key: a final candle wins over a
     * provisional one, otherwise the newer report does.
     */
    static MarketBatch merged(MarketBatch older, MarketBatch newer) {
        if (older == null || older.isEmpty()) {
            return newer;
        }
        Map<List<Object>, Candle> candles = new LinkedHashMap<>();
        for (MarketBatch batch : List.of(older, newer)) {
            for (Candle c : batch.candles()) {
                candles.merge(List.of(c.instrument(), c.interval(), c.openTime()), c,
                        (kept, next) -> kept.isFinal() && !next.isFinal() ? kept : next);
            }
        }
        Map<List<Object>, FundingRate> funding = new LinkedHashMap<>();
        Map<List<Object>, OpenInterest> openInterest = new LinkedHashMap<>();
        for (MarketBatch batch : List.of(older, newer)) {
            batch.funding().forEach(f -> funding.put(List.of(f.instrument(), f.time()), f));
            batch.openInterest().forEach(o -> openInterest.put(List.of(o.instrument(), o.time()), o));
        }
        return new MarketBatch(List.copyOf(candles.values()), List.copyOf(funding.values()),
                List.copyOf(openInterest.values()), List.of());
    }
}
