package dev.hoard.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Finds the stored instrument a request path names, or answers 404. */
public final class InstrumentLookup {

    public record Listing(String exchange, String coin, String quote, String marketType) {
    }

    public static Listing listing(ApiParams params) {
        String exchange = params.name("exchange");
        String quote = params.name("quote");
        // Hyperliquid settles in USDC and Hoard stores its perps as USD: accept either name.
        if (exchange.equals("hyperliquid") && quote.equals("USDC")) {
            quote = "USD";
        }
        return new Listing(exchange, params.name("coin"), quote, params.name("market_type"));
    }

    public static long id(Connection connection, Listing listing) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM instruments WHERE exchange = ? AND coin = ? AND quote = ? AND market_type = ?")) {
            select.setString(1, listing.exchange());
            select.setString(2, listing.coin());
            select.setString(3, listing.quote());
            select.setString(4, listing.marketType());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw ApiException.notFound("no instrument " + listing.exchange() + "/" + listing.coin() + "/"
                            + listing.quote() + "/" + listing.marketType());
                }
                return rs.getLong(1);
            }
        }
    }
}
