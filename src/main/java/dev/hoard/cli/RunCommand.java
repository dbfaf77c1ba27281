package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.StopSignals;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service: live streams, scheduled pipelines and the HTTP API, until stopped"
                + " (Ctrl-C or SIGTERM: the routes stop, then the database).")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        HoardApplication.builder().onReady(ReadyBlock::log).run();
        return StopSignals.exitCode().orElse(0);
    }
}
