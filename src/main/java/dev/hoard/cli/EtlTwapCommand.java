package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.upstream.twap.TwapObjectLister;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "etl-twap", mixinStandardHelpOptions = true,
        description = "Ingest Hyperliquid TWAP status parquet objects (hoard.twap.* bucket and prefix, or a local "
                + "file) and exit: 0 when every object was ingested, otherwise non-zero naming the failed objects.")
public final class EtlTwapCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--incremental", required = true,
                description = "Every object under the prefix not ingested yet with its current ETag.")
        boolean incremental;

        @Option(names = "--since", required = true, paramLabel = "<time>",
                description = "Every object last modified at or after <time> (ISO-8601, YYYY-MM-DD or epoch ms), "
                        + "ingested again even if it was before.")
        String since;

        @Option(names = "--object-key", required = true, paramLabel = "<key>",
                description = "That one object, ingested again even if it was before.")
        String objectKey;

        @Option(names = "--local-file", required = true, paramLabel = "<path>",
                description = "A local parquet file, logged in etl_s3_ingest_log like an object.")
        Path localFile;
    }

    @Override
    public Integer call() throws Exception {
        Instant since = Arguments.time(spec, "--since", mode.since);
        if (mode.localFile != null && !Files.isRegularFile(mode.localFile)) {
            throw Arguments.bad(spec, "--local-file " + mode.localFile + ": no such file");
        }
        try (HoardApplication app = HoardApplication.builder().job("twap-s3-etl", "twap-s3-object",
                "twap-s3-fetch-and-ingest", "twap-local-file", "twap-local-object", "ingest-twap-object").start()) {
            ProducerTemplate template = app.context().createProducerTemplate();
            Exchange result;
            if (mode.localFile != null) {
                result = template.send("direct:twap-local-file", e -> e.getMessage().setBody(mode.localFile));
            } else {
                result = template.send("direct:twap-s3-etl", e -> {
                    e.getMessage().setHeader(TwapObjectLister.SINCE, since);
                    e.getMessage().setHeader(TwapObjectLister.OBJECT_KEY, mode.objectKey);
                });
            }
            if (result.getException() != null) {
                throw result.getException();
            }
        }
        return 0;
    }
}
