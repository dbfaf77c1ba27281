package dev.hoard.aggregate;

import dev.hoard.model.FundingRate;
import dev.hoard.model.Instrument;
import dev.hoard.model.OpenInterest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Keeps the latest live asset context per instrument within each minute, and hands out one funding
 * row and one open-interest row per instrument per minute once the minute is over, stamped with the
 * start of the minute the data belongs to (so rows line up with candle open times).
 *
 * <p>Not thread-safe: the caller serializes {@link #offer} and {@link #drain}.
 */
final class MinuteContextBuffer {

    private record Latest(Instant minute, FundingRate funding, OpenInterest openInterest) {
    }

    private final Map<Instrument, Latest> latest = new HashMap<>();
    private final List<Latest> completed = new ArrayList<>();

    void offer(FundingRate funding, OpenInterest openInterest) {
        Instrument instrument = funding != null ? funding.instrument() : openInterest.instrument();
        Instant received = funding != null ? funding.time() : openInterest.time();
        Instant minute = received.truncatedTo(ChronoUnit.MINUTES);
        Latest previous = latest.get(instrument);
        if (previous != null && previous.minute().isBefore(minute)) {
            completed.add(previous);
        } else if (previous != null && previous.minute().isAfter(minute)) {
            return; // an update older than one already kept for a later minute
        }
        latest.put(instrument, new Latest(minute, funding, openInterest));
    }

    /** Minutes that ended before {@code now}: their last values, stamped with the minute start. */
    void drain(Instant now, List<FundingRate> funding, List<OpenInterest> openInterest) {
        Instant currentMinute = now.truncatedTo(ChronoUnit.MINUTES);
        for (Iterator<Latest> it = latest.values().iterator(); it.hasNext(); ) {
            Latest entry = it.next();
            if (entry.minute().isBefore(currentMinute)) {
                completed.add(entry);
                it.remove();
            }
        }
        for (Latest entry : completed) {
            if (entry.funding() != null) {
                FundingRate f = entry.funding();
                funding.add(new FundingRate(f.instrument(), entry.minute(), f.fundingRate(), f.premium(), f.markPrice(),
                        f.oraclePrice(), f.midPrice(), f.indexPrice(), f.impactBidPrice(), f.impactAskPrice(),
                        f.prevDayPrice(), f.nextFundingTime()));
            }
            if (entry.openInterest() != null) {
                OpenInterest o = entry.openInterest();
                openInterest.add(new OpenInterest(o.instrument(), entry.minute(), o.openInterest(),
                        o.openInterestValue(), o.dayBaseVolume(), o.dayNotionalVolume()));
            }
        }
        completed.clear();
    }
}
