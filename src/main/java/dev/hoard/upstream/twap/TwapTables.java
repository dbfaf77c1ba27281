package dev.hoard.upstream.twap;

import static dev.hoard.sink.TableSpec.column;

import dev.hoard.model.TwapStatus;
import dev.hoard.sink.TableSpec;
import java.util.List;

/** The TWAP tables as the bulk writer sees them, and how a record becomes a row. */
public final class TwapTables {

    public static final TableSpec TWAP_STATUS = new TableSpec("twap_status", List.of(
            column("twap_id", "bigint"),
            column("wallet", "text"),
            column("ts", "timestamptz"),
            column("asset", "text"),
            column("side", "text"),
            column("size_requested", "numeric"),
            column("size_executed", "numeric"),
            column("notional_executed", "numeric"),
            column("status", "text"),
            column("duration_minutes", "integer"),
            column("reduce_only", "boolean"),
            column("randomize", "boolean"),
            column("s3_object_key", "text"),
            column("raw_payload", "jsonb")),
            List.of("twap_id", "wallet", "ts"));

    public static final TableSpec INGEST_LOG = new TableSpec("etl_s3_ingest_log", List.of(
            column("source", "text"),
            column("object_key", "text"),
            column("etag", "text"),
            column("last_modified", "timestamptz"),
            column("size_bytes", "bigint"),
            column("rows", "bigint"),
            column("rows_inserted", "bigint"),
            column("rows_rejected", "bigint"),
            column("error", "text"),
            column("ingested_at", "timestamptz")),
            List.of("source", "object_key", "etag"));

    private TwapTables() {
    }

    public static Object[] row(TwapStatus s, String objectKey) {
        return new Object[] {s.twapId(), s.wallet(), s.ts(), s.asset(), s.side(), s.sizeRequested(), s.sizeExecuted(),
            s.notionalExecuted(), s.status(), s.durationMinutes(), s.reduceOnly(), s.randomize(), objectKey,
            s.rawPayload()};
    }
}
