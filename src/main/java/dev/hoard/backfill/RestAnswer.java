package dev.hoard.backfill;

import java.time.Instant;

/** A REST answer's body, and when the upstream produced it by its own clock ({@link dev.hoard.upstream.RestFinality#producedAt}). */
record RestAnswer(String body, Instant producedAt) {
}
