package dev.hoard.sim;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;

/**
 * One simulated upstream, mounted by {@link ExchangeSimulator} under its own path prefix
 * (e.g. {@code /hyperliquid}, later {@code /binance}). Modules run on the Vert.x event loop and must not block.
 */
interface SimModule {

    /** The path prefix this module owns, starting with {@code /} and without a trailing slash. */
    String prefix();

    /** The module's clock: answers are computed at this instant and carry it as their {@code Date} header. */
    Instant now();

    /** The key the request is counted under (e.g. the Hyperliquid info {@code type}), or null to not count it. */
    String requestKey(SimRequest request);

    /**
     * Answers a request that no transport fault intercepted. Applies a pending {@link SimFaults.Malformed}
     * fault via {@link SimFaults#takeMalformed} where it fits the request.
     */
    SimResponse answer(SimRequest request, SimFaults faults);

    /** The response an injected HTTP failure status gets; modules override it to imitate their upstream. */
    default SimResponse failure(int status) {
        return SimResponse.text(status, status + " " + HttpResponseStatus.valueOf(status).reasonPhrase());
    }
}
