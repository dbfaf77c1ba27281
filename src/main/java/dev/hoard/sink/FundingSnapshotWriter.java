package dev.hoard.sink;

import dev.hoard.model.FundingSnapshot;
import dev.hoard.pipeline.PipelineRunLog;
import dev.hoard.sink.InstrumentStore.InstrumentKey;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/**
 * Writes one funding snapshot as one transaction: instruments, funding rates, open interest, the
 * assets dead-lettered from it, and the run's record. Rows already stored for the hour are left
 * as they are (ON CONFLICT DO NOTHING), so taking the same hour again adds and changes nothing.
 */
public final class FundingSnapshotWriter {

    private final DataSource dataSource;
    private final BulkUpsertWriter writer;
    private final InstrumentStore instruments;
    private final DeadLetterStore deadLetters;
    private final PipelineRunLog runs;

    public FundingSnapshotWriter(DataSource dataSource, BulkUpsertWriter writer, InstrumentStore instruments,
                                 DeadLetterStore deadLetters, PipelineRunLog runs) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.instruments = instruments;
        this.deadLetters = deadLetters;
        this.runs = runs;
    }

    public void write(FundingSnapshot snapshot, Exchange exchange) throws SQLException {
        Transactions.inTransaction(dataSource, connection -> {
            Map<InstrumentKey, Long> ids = instruments.register(connection, snapshot.instruments(), snapshot.hour());
            long newFunding = writer.upsert(connection, MarketTables.FUNDING_RATES, ConflictPolicy.DO_NOTHING,
                    MarketTables.fundingRows(snapshot.fundingRates(), ids));
            long newOpenInterest = writer.upsert(connection, MarketTables.OPEN_INTEREST,
                    ConflictPolicy.DO_NOTHING, MarketTables.openInterestRows(snapshot.openInterest(), ids));
            deadLetters.add(connection, snapshot.rejects());
            int assets = snapshot.instruments().size();
            runs.succeeded(connection, exchange, assets, "assets=" + assets
                    + " new_funding_rows=" + newFunding + " new_open_interest_rows=" + newOpenInterest
                    + " dead_lettered=" + snapshot.rejects().size());
            return null;
        });
    }
}
