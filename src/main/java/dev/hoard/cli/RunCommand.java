package dev.hoard.cli;

import dev.hoard.HoardApplication;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the service: scheduled pipelines and the HTTP API, until stopped.")
public final class RunCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        HoardApplication.builder().run();
        return 0;
    }
}
