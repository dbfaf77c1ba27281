package dev.hoard.cli;

import dev.hoard.StopSignals;
import dev.hoard.pipeline.PipelineRunLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar hoard.jar <command>}; no command means {@code run}. Exit codes: 0 done, 1 failed
 * (one line on stderr), 2 a bad argument (one line on stderr, before anything starts), 130 stopped by
 * Ctrl-C (143 by SIGTERM).
 */
@Command(name = "hoard", mixinStandardHelpOptions = true, versionProvider = HoardCommand.Version.class,
        description = "Crypto market-data ingestion into PostgreSQL.",
        subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, FundingSnapshotCommand.class,
            BackfillCommand.class, PullCommand.class, EtlTwapCommand.class, VerifyCommand.class, ExportCommand.class,
            BenchCommand.class})
public final class HoardCommand implements Callable<Integer> {

    /** Commands that run until stopped and log to stdout; every other command is one-shot. */
    private static final Set<String> SERVICES = Set.of("hoard", "run", "demo", "simulate");
    static final String STOPPED = "stopped; rerun the same command to resume";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "More log output: INFO instead of WARN for one-shot commands, and Camel's own detail.")
    boolean verbose;

    public static void main(String[] args) {
        configureLogging(args);
        StopSignals.install();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; failures print one line on stderr. */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.err, true), args);
    }

    /** {@link #execute(String...)} with the one-line failures written to {@code err}. */
    static int execute(java.io.PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new HoardCommand());
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((bad, badArgs) -> {
            CommandLine command = bad.getCommandLine();
            command.getErr().println(name(command) + ": " + oneLine(bad.getMessage())
                    + " (see " + name(command) + " --help)");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (StopSignals.exitCode().isPresent()) {
                command.getErr().println(name(command) + ": " + STOPPED);
                return StopSignals.exitCode().get();
            }
            command.getErr().println(name(command) + ": " + PipelineRunLog.oneLine(failure));
            return 1;
        });
        StopSignals.onGraceExpired(() -> commandLine.getErr().println("hoard: " + STOPPED));
        return commandLine.execute(args);
    }

    /** {@code hoard backfill binance}, as the user typed it. */
    private static String name(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    private static String oneLine(String message) {
        return message == null ? "invalid arguments" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * One-shot commands print results on stdout and log to stderr at WARN ({@code --verbose}: INFO); the
     * service logs to stdout at INFO. Set as system properties for logback.xml before anything logs,
     * unless the environment sets them.
     */
    private static void configureLogging(String[] args) {
        String command = "hoard";
        boolean verbose = false;
        try {
            List<CommandLine> parsed = new CommandLine(new HoardCommand()).parseArgs(args).asCommandLineList();
            command = parsed.get(parsed.size() - 1).getCommandName();
            for (CommandLine line : parsed) {
                ParseResult result = line.getParseResult();
                verbose |= result != null && result.hasMatchedOption("--verbose");
            }
        } catch (CommandLine.ParameterException e) {
            command = "invalid"; // execute reports it; nothing starts
        }
        boolean service = SERVICES.contains(command);
        if (!service) {
            setUnlessInEnvironment("HOARD_LOG_TARGET", "System.err");
            setUnlessInEnvironment("HOARD_LOG_LEVEL", verbose ? "INFO" : "WARN");
            setUnlessInEnvironment("HOARD_LOG_RESULTS", "stdout");
        }
        if (verbose) {
            setUnlessInEnvironment("HOARD_CAMEL_LOG_LEVEL", "INFO");
        }
    }

    private static void setUnlessInEnvironment(String name, String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
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
