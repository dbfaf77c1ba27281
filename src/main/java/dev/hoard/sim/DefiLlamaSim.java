package dev.hoard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.sim.SimFaults.Malformed;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The simulated DefiLlama API under {@code /defillama} (UPSTREAMS.md §4.1), serving the free hosts'
 * paths (TVL, fees and prices alike) and the Pro layout {@code /defillama/pro/{key}/api/…} and
 * {@code …/coins/…}. Values come from {@link MetricsGroundTruth} at {@link #clock(Clock) the clock}:
 * <ul>
 *   <li>{@code GET /v2/historicalChainTvl/{chain}}: a point per day at midnight, {@link MetricsGroundTruth#GENESIS}
 *       to today (series {@code tvl:<chain>}); unknown chain 404.</li>
 *   <li>{@code GET /protocol/{slug}}: {@code id} as a string; per real chain and per pseudo-chain
 *       ({@code staking}, {@code pool2}, {@code borrowed}, {@code Ethereum-staking}) daily points
 *       (series {@code protocol:<slug>:<chain>}) plus a last point at the fetch time, and the total
 *       {@code tvl} summing the real chains; {@code tokens} null.</li>
 *   <li>{@code GET /overview/fees/{chain}?dataType=…}: {@code totalDataChart} (series
 *       {@code fees:<chain>:<dataType>}; {@code Ink} has zero days), protocol rows whose ids are
 *       sometimes strings and sometimes numbers.</li>
 *   <li>{@code GET /prices/current/{coins}}: known coins only (series {@code price:<coin>}, stamped 30 s
 *       before the fetch); unknown ones are omitted.</li>
 * </ul>
 * Malformed faults: {@code NOT_JSON} and {@code TRUNCATED}.
 */
public final class DefiLlamaSim implements SimModule {

    public static final String PREFIX = "/defillama";
    public static final List<String> CHAINS = List.of("Ethereum", "Solana", "Hyperliquid L1", "Ink", "Arbitrum");
    /** Real chains per protocol; every protocol also reports the pseudo-chains below. */
    public static final Map<String, List<String>> PROTOCOLS =
            Map.of("aave", List.of("Ethereum", "Arbitrum"), "lido", List.of("Ethereum", "Solana"));
    public static final List<String> PSEUDO_CHAINS = List.of("staking", "pool2", "borrowed", "Ethereum-staking");
    public static final Set<String> COINS = Set.of("coingecko:ethereum", "coingecko:solana", "coingecko:hyperliquid");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Malformed> FAULTS = EnumSet.of(Malformed.NOT_JSON, Malformed.TRUNCATED);

    private final MetricsGroundTruth truth = new MetricsGroundTruth();
    private volatile Clock clock = Clock.systemUTC();
    private volatile String proKey = "pro-key";

    public DefiLlamaSim clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The key the Pro layout accepts (any other gets 401). */
    public DefiLlamaSim proKey(String key) {
        this.proKey = key;
        return this;
    }

    public MetricsGroundTruth groundTruth() {
        return truth;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public String requestKey(SimRequest request) {
        return "defillama " + freePath(request.path());
    }

    @Override
    public SimResponse answer(SimRequest request, SimFaults faults) {
        String path = request.path();
        if (path.startsWith("/pro/")) {
            String[] parts = path.split("/", 4);
            if (parts.length < 4 || !parts[2].equals(proKey)) {
                return SimResponse.text(401, "invalid api key");
            }
        }
        path = URLDecoder.decode(freePath(path).replace("+", "%2B"), StandardCharsets.UTF_8);
        Instant now = clock.instant();
        JsonNode body;
        if (path.startsWith("/v2/historicalChainTvl/") && CHAINS.contains(tail(path))) {
            body = chainTvl(tail(path), now);
        } else if (path.startsWith("/protocol/") && PROTOCOLS.containsKey(tail(path))) {
            body = protocol(tail(path), now);
        } else if (path.startsWith("/overview/fees/") && CHAINS.contains(tail(path))) {
            body = fees(tail(path), request.params().getOrDefault("dataType", "dailyFees"), now);
        } else if (path.startsWith("/prices/current/")) {
            body = prices(tail(path).split(","), now);
        } else {
            return SimResponse.text(404, "Not Found");
        }
        return SimJson.render(body, faults.takeMalformed(FAULTS));
    }

    /** The free-API path of a Pro path ({@code /pro/{key}/api/x} → {@code /x}). */
    private static String freePath(String path) {
        if (!path.startsWith("/pro/")) {
            return path;
        }
        String[] parts = path.split("/", 5);
        return parts.length == 5 && (parts[3].equals("api") || parts[3].equals("coins")) ? "/" + parts[4] : path;
    }

    private static String tail(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private ArrayNode chainTvl(String chain, Instant now) {
        ArrayNode points = NODES.arrayNode();
        for (LocalDate day = MetricsGroundTruth.GENESIS; !day.isAfter(today(now)); day = day.plusDays(1)) {
            points.addObject().put("date", epoch(day)).put("tvl", truth.daily("tvl:" + chain, day));
        }
        return points;
    }

    private ObjectNode protocol(String slug, Instant now) {
        ObjectNode body = NODES.objectNode().put("id", String.valueOf(Math.floorMod(slug.hashCode(), 1000)))
                .put("name", slug.toUpperCase()).put("symbol", slug.toUpperCase()).put("category", "Lending");
        List<String> chains = PROTOCOLS.get(slug);
        body.putArray("chains").addAll(chains.stream().map(NODES::textNode).toList());
        ArrayNode total = body.putArray("tvl");
        ObjectNode chainTvls = body.putObject("chainTvls");
        for (LocalDate day = MetricsGroundTruth.GENESIS; !day.isAfter(today(now)); day = day.plusDays(1)) {
            BigDecimal sum = BigDecimal.ZERO;
            for (String chain : chains) {
                sum = sum.add(truth.daily("protocol:" + slug + ":" + chain, day));
            }
            total.addObject().put("date", epoch(day)).put("totalLiquidityUSD", sum);
        }
        BigDecimal sumNow = BigDecimal.ZERO;
        for (String chain : chains) {
            sumNow = sumNow.add(truth.at("protocol:" + slug + ":" + chain, now));
        }
        total.addObject().put("date", now.getEpochSecond()).put("totalLiquidityUSD", sumNow);
        for (String chain : concat(chains, PSEUDO_CHAINS)) {
            String series = "protocol:" + slug + ":" + chain;
            ObjectNode entry = chainTvls.putObject(chain);
            ArrayNode tvl = entry.putArray("tvl");
            for (LocalDate day = MetricsGroundTruth.GENESIS; !day.isAfter(today(now)); day = day.plusDays(1)) {
                tvl.addObject().put("date", epoch(day)).put("totalLiquidityUSD", truth.daily(series, day));
            }
            tvl.addObject().put("date", now.getEpochSecond()).put("totalLiquidityUSD", truth.at(series, now));
            entry.putNull("tokens");
            entry.putArray("tokensInUsd");
        }
        body.putNull("tokens");
        return body;
    }

    private ObjectNode fees(String chain, String dataType, Instant now) {
        ObjectNode body = NODES.objectNode();
        ArrayNode chart = body.putArray("totalDataChart");
        String series = "fees:" + chain + ":" + dataType;
        for (LocalDate day = MetricsGroundTruth.GENESIS; !day.isAfter(today(now)); day = day.plusDays(1)) {
            chart.addArray().add(epoch(day)).add(day.equals(today(now)) ? truth.at(series, now) : truth.daily(series, day));
        }
        body.putArray("totalDataChartBreakdown");
        body.putNull("breakdown24h");
        body.put("chain", chain);
        body.putArray("allChains").addAll(CHAINS.stream().map(NODES::textNode).toList());
        ArrayNode protocols = body.putArray("protocols");
        protocols.addObject().put("defillamaId", "111").put("name", "Aave").put("methodology", "Interest paid")
                .put("total24h", 1234.5);
        protocols.addObject().put("defillamaId", 182).put("name", "Lido").putObject("methodology");
        body.put("total24h", truth.at(series, now));
        return body;
    }

    private ObjectNode prices(String[] coins, Instant now) {
        ObjectNode body = NODES.objectNode();
        ObjectNode found = body.putObject("coins");
        for (String coin : coins) {
            if (COINS.contains(coin)) {
                found.putObject(coin).put("symbol", coin.substring(coin.indexOf(':') + 1).toUpperCase())
                        .put("price", truth.at("price:" + coin, now)).put("timestamp", now.getEpochSecond() - 30)
                        .put("confidence", 0.99);
            }
        }
        return body;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    static long epoch(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
