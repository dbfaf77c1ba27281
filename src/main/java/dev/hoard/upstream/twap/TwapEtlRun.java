package dev.hoard.upstream.twap;

import java.util.ArrayList;
import java.util.List;

/**
 * The tally of one ETL run over many objects (see {@link TwapEtlRuns}). It travels on the exchange
 * as a property, and the split's copies share it.
 */
public final class TwapEtlRun {

    public static final String PROPERTY = "hoardTwapRun";
    public static final String PIPELINE = "twap-s3-etl";

    private final List<String> failures = new ArrayList<>();
    private final dev.hoard.backfill.Progress progress;
    private int objects;
    private long rows;
    private long inserted;
    private long rejected;

    TwapEtlRun(dev.hoard.backfill.Progress progress) {
        this.progress = progress;
    }

    TwapEtlRun() {
        this(null);
    }

    dev.hoard.backfill.Progress progress() {
        return progress;
    }

    synchronized void ingested(long objectRows, long objectInserted, long objectRejected) {
        if (progress != null) {
            progress.advance(0, objectRows); // objects are listed lazily: rows and rate, no percent until done
        }
        objects++;
        rows += objectRows;
        inserted += objectInserted;
        rejected += objectRejected;
    }

    synchronized void failed(String object, String reason) {
        objects++;
        failures.add(object + " (" + reason + ")");
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    int objects() {
        return objects;
    }

    long rows() {
        return rows;
    }

    long inserted() {
        return inserted;
    }

    long rejected() {
        return rejected;
    }
}
