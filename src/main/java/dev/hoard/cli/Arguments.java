package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.HoardHome;
import dev.hoard.api.ApiParams;
import dev.hoard.catalog.Starlisting;
import dev.hoard.catalog.StarlistingCatalog;
import dev.hoard.model.CandleInterval;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks every command makes of its arguments before it starts anything: each failure is a
 * {@link ParameterException} naming the option, which the command line prints as one line and exits 2.
 */
final class Arguments {

    static final Set<String> EXCHANGES = Set.of("hyperliquid", "binance");

    private Arguments() {
    }

    static ParameterException bad(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A time option: ISO-8601 with offset, a date or epoch ms; null stays null. */
    static Instant time(CommandSpec spec, String option, String text) {
        if (text == null) {
            return null;
        }
        try {
            return ApiParams.parseTime(text.trim());
        } catch (RuntimeException e) {
            throw bad(spec, option + " " + text + ": expected " + ApiParams.TIME_FORMS);
        }
    }

    /** {@code from} must come before {@code to}, when both are given. */
    static void ordered(CommandSpec spec, String fromOption, Instant from, String toOption, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw bad(spec, toOption + " must be after " + fromOption);
        }
    }

    /** Candle interval codes, each one {@code supported} by the exchange. */
    static List<CandleInterval> intervals(CommandSpec spec, String option, List<String> codes,
                                          Predicate<CandleInterval> supported, String exchange) {
        List<CandleInterval> intervals = new ArrayList<>();
        for (String code : codes) {
            CandleInterval interval = CandleInterval.find(code.trim()).filter(supported).orElseThrow(() ->
                    bad(spec, option + " " + code + ": " + exchange + " has no such interval; expected one of "
                            + Arrays.stream(CandleInterval.values()).filter(supported).map(CandleInterval::code)
                                    .collect(Collectors.joining(", "))));
            intervals.add(interval);
        }
        return intervals;
    }

    static String exchange(CommandSpec spec, String option, String exchange) {
        if (exchange != null && !EXCHANGES.contains(exchange)) {
            throw bad(spec, option + " " + exchange + ": expected one of " + String.join(", ", EXCHANGES.stream().sorted().toList()));
        }
        return exchange;
    }

    static int atLeast(CommandSpec spec, String option, int value, int minimum) {
        if (value < minimum) {
            throw bad(spec, option + " " + value + ": must be at least " + minimum);
        }
        return value;
    }

    static int port(CommandSpec spec, String option, int port) {
        if (port < 0 || port > 65535) {
            throw bad(spec, option + " " + port + ": expected 0 to 65535");
        }
        return port;
    }

    /**
     * The active catalog of one exchange as its file says (the file the service syncs), read without
     * starting anything. A catalog that cannot be read fails the command (exit 1), naming the file.
     */
    static List<Starlisting> catalog(HoardApplication.Builder hoard, String exchange) {
        HoardHome.ConfigFile file = HoardHome.file(hoard.setting("hoard.catalog.file").orElse("config/starlistings.yaml"));
        try {
            return StarlistingCatalog.read(file).stream().filter(l -> l.instrument().exchange().equals(exchange)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the catalog " + file + ": " + e.getMessage(), e);
        }
    }
}
