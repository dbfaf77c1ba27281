package dev.hoard.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A funding observation of one instrument at one time. Absent values stay null; zero stays zero. */
public record FundingRate(Instrument instrument, Instant time, BigDecimal fundingRate, BigDecimal premium,
                          BigDecimal markPrice, BigDecimal oraclePrice, BigDecimal midPrice,
                          BigDecimal indexPrice, BigDecimal impactBidPrice, BigDecimal impactAskPrice,
                          BigDecimal prevDayPrice, Instant nextFundingTime) {
}
