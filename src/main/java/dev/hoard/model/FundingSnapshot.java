package dev.hoard.model;

import java.time.Instant;
import java.util.List;

/**
 * One hourly snapshot of every perp of an exchange: the instruments seen, their funding and open
 * interest stamped with the hour, and the assets that had to be dead-lettered. Written as one unit.
 */
public record FundingSnapshot(Instant hour, List<Instrument> instruments, List<FundingRate> fundingRates,
                              List<OpenInterest> openInterest, List<DeadLetter> rejects) {

    public FundingSnapshot {
        instruments = List.copyOf(instruments);
        fundingRates = List.copyOf(fundingRates);
        openInterest = List.copyOf(openInterest);
        rejects = List.copyOf(rejects);
    }
}
