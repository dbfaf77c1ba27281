package dev.hoard.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a socket receives from its event-loop thread to one delivery thread, in order. Runs
 * of consecutive frames are delivered as one batch, so the cost per delivery is shared by many
 * frames; connect and disconnect events are delivered between the frames they came between. When
 * the listener falls behind, the socket is paused (TCP back-pressure reaches the server) and
 * resumed once the backlog is small again.
 */
final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    private static final int MAX_BATCH = 2_000;
    private static final int PAUSE_AT = 20_000;
    private static final int RESUME_AT = 2_000;

    record Connected(int subscriptions) {
    }

    record Disconnected(String reason) {
    }

    /** A text frame and when it arrived. */
    private record Frame(String text, Instant receivedAt) {
    }

    private final int shard;
    private final StreamListener listener;
    private final Runnable pause;
    private final Runnable resume;
    private final Clock clock;
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final Thread thread;
    private boolean paused;
    private boolean closed;

    DeliveryQueue(String name, int shard, StreamListener listener, Runnable pause, Runnable resume, Clock clock) {
        this.clock = clock;
        this.shard = shard;
        this.listener = listener;
        this.pause = pause;
        this.resume = resume;
        this.thread = new Thread(this::deliverUntilClosed, "hoard-stream-" + name + "-" + shard);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A text frame that arrived now; called on the socket's event loop. */
    void offerText(String text) {
        offer(new Frame(text, clock.instant()));
    }

    /** Called on the socket's event loop. */
    void offer(Object item) {
        boolean pauseNow = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            items.addLast(item);
            if (!paused && items.size() >= PAUSE_AT) {
                paused = true;
                pauseNow = true;
            }
            notifyAll();
        }
        if (pauseNow) {
            pause.run();
        }
    }

    void close() {
        synchronized (this) {
            closed = true;
            items.clear();
            notifyAll();
        }
    }

    private void deliverUntilClosed() {
        while (true) {
            Object first;
            List<String> batch = null;
            Instant receivedAt = null;
            boolean resumeNow = false;
            synchronized (this) {
                while (items.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                first = items.pollFirst();
                if (first instanceof Frame frame) {
                    batch = new ArrayList<>(Math.min(items.size() + 1, MAX_BATCH));
                    batch.add(frame.text());
                    receivedAt = frame.receivedAt();
                    while (batch.size() < MAX_BATCH && items.peekFirst() instanceof Frame next) {
                        items.pollFirst();
                        batch.add(next.text());
                        receivedAt = next.receivedAt();
                    }
                }
                if (paused && items.size() <= RESUME_AT) {
                    paused = false;
                    resumeNow = true;
                }
            }
            if (resumeNow) {
                resume.run();
            }
            try {
                if (batch != null) {
                    listener.frames(shard, batch, receivedAt);
                } else if (first instanceof Connected connected) {
                    listener.connected(shard, connected.subscriptions());
                } else if (first instanceof Disconnected disconnected) {
                    listener.disconnected(shard, disconnected.reason());
                }
            } catch (RuntimeException e) {
                LOG.warn("Stream delivery failed on shard {}: {}", shard, e.getMessage(), e);
            }
        }
    }
}
