package dev.hoard.stream;

import java.time.Duration;

/**
 * How a stream connection behaves (DESIGN.md §5): what it sends when quiet, when it declares the
 * socket dead, and how it backs off between reconnects.
 *
 * @param pingMessage     text sent when nothing was sent for {@code pingInterval}; null sends nothing
 *                        (Binance pings the client, and Vert.x answers its ping frames)
 * @param pingInterval    how long the connection may stay quiet before it pings
 * @param silenceTimeout  no frame at all for this long: the socket is closed and replaced
 * @param reconnectInitial first reconnect delay, doubled per failed attempt, with ±20% jitter
 * @param reconnectMax    the cap of the reconnect delay
 */
public record StreamSettings(String pingMessage, Duration pingInterval, Duration silenceTimeout,
                             Duration reconnectInitial, Duration reconnectMax) {
}
