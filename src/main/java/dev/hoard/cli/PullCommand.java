package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.pipeline.MetricCatalog;
import dev.hoard.pipeline.MetricPullOutcomes.PullSummary;
import dev.hoard.pipeline.PullPlanner;
import dev.hoard.sink.MetricsWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull one metric source once and exit: a live pull (today's values, and any closed day after "
                + "the cursor) or, with --backfill, the closed days after the cursor only. Exits 0 when every catalog "
                + "entry was pulled (or had no data), else non-zero with the first failure on stderr.")
public final class PullCommand implements Callable<Integer> {

    enum Source { defillama, artemis }

    @Parameters(index = "0", description = "The source: ${COMPLETION-CANDIDATES}")
    Source source;

    @Option(names = "--backfill", description = "Backfill the closed days missing since each entry's cursor.")
    boolean backfill;

    @Option(names = "--assets", split = ",", paramLabel = "ASSET",
            description = "Only these catalog assets (source ids or canonical assets), comma-separated.")
    List<String> assets;

    @Option(names = "--start-fresh", description = "DESTRUCTIVE: first delete the source's stored metrics and "
            + "cursors (of --assets only, when given), then backfill from each catalog backfill_start. Asks to "
            + "type the source's name, unless --yes.")
    boolean startFresh;

    @Option(names = "--yes", description = "Confirm --start-fresh without asking.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HoardApplication.Builder hoard = HoardApplication.builder()
                .job(source + "-pull", source + "-fetch", source + "-request", "ingest-metrics");
        if (assets != null) {
            MetricCatalog catalog = new MetricCatalog(hoard.setting("hoard." + source + ".catalog").orElseThrow(), false);
            Set<String> unknown = catalog.unmatched(assets);
            if (!unknown.isEmpty()) {
                throw Arguments.bad(spec, "--assets " + String.join(",", unknown) + ": no enabled " + source
                        + " catalog entry (" + catalog.describe() + ")");
            }
        }
        if (startFresh) {
            confirm();
        }
        try (HoardApplication app = hoard.start()) {
            if (startFresh) {
                String[] catalogAssets = assets == null ? null : app.context().getRegistry()
                        .lookupByNameAndType(source + "Planner", PullPlanner.class).catalogAssets(assets);
                long deleted = app.context().getRegistry().lookupByNameAndType("metricsWriter", MetricsWriter.class)
                        .startFresh(source.name(), catalogAssets);
                spec.commandLine().getOut().println("Deleted " + deleted + " " + source + " rows and their cursors");
            }
            Exchange result = app.context().createProducerTemplate().send("direct:" + source + "-pull", exchange -> {
                exchange.getMessage().setHeader(PullPlanner.MODE, backfill || startFresh ? "backfill" : "live");
                if (assets != null) {
                    exchange.getMessage().setHeader(PullPlanner.ASSETS, assets);
                }
            });
            if (result.getException() != null) {
                throw result.getException();
            }
            PullSummary summary = result.getMessage().getBody(PullSummary.class);
            if (!summary.errors().isEmpty()) {
                throw new IllegalStateException(summary.errors().size() + " of " + summary.units()
                        + " catalog entries failed (see the pulls table); first: " + summary.errors().get(0));
            }
        }
        return 0;
    }

    private void confirm() throws IOException {
        if (yes) {
            return;
        }
        spec.commandLine().getErr().print("This deletes every stored " + source
                + (assets == null ? "" : " " + assets) + " metric. Type " + source + " to go on: ");
        spec.commandLine().getErr().flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().equals(source.name())) {
            throw new IllegalStateException("start fresh not confirmed; nothing deleted");
        }
    }
}
