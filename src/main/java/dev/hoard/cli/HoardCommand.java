package dev.hoard.cli;

import dev.hoard.pipeline.PipelineRunLog;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar hoard.jar <command>}; no command means {@code run}. */
@Command(name = "hoard", mixinStandardHelpOptions = true, versionProvider = HoardCommand.Version.class,
        description = "Crypto market-data ingestion into PostgreSQL.",
        subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, FundingSnapshotCommand.class,
            BackfillCommand.class, PullCommand.class, EtlTwapCommand.class, VerifyCommand.class, ExportCommand.class,
            BenchCommand.class})
public final class HoardCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; failures print one line on stderr. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new HoardCommand());
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            command.getErr().println("hoard " + command.getCommandName() + ": " + PipelineRunLog.oneLine(failure));
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HoardCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hoard " + (version == null ? "(development build)" : version)};
        }
    }
}
