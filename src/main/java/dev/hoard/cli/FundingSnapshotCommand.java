package dev.hoard.cli;

import dev.hoard.HoardApplication;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.Command;

@Command(name = "funding-snapshot", mixinStandardHelpOptions = true,
        description = "Take one Hyperliquid funding snapshot for the current UTC hour and exit "
                + "(0 on success; otherwise non-zero with the reason on stderr).")
public final class FundingSnapshotCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        try (HoardApplication app = HoardApplication.builder()
                .job("hyperliquid-funding-snapshot", "hyperliquid-info", "ingest-funding-snapshot").start()) {
            ProducerTemplate template = app.context().createProducerTemplate();
            Exchange result = template.send("direct:hyperliquid-funding-snapshot", exchange -> { });
            if (result.getException() != null) {
                throw result.getException();
            }
        }
        return 0;
    }
}
