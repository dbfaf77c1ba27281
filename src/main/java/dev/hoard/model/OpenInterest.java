package dev.hoard.model;

import java.math.BigDecimal;
import java.time.Instant;

/** Open interest (base units, and notional where the exchange gives it) and day volumes at one time. */
public record OpenInterest(Instrument instrument, Instant time, BigDecimal openInterest,
                           BigDecimal openInterestValue, BigDecimal dayBaseVolume,
                           BigDecimal dayNotionalVolume) {
}
