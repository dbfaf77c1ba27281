package dev.hoard.cli;

import picocli.CommandLine.Command;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Fetch history into the database, resumably, and exit (0 when complete).",
        subcommands = {BackfillHyperliquidCommand.class, BackfillBinanceCommand.class})
public final class BackfillCommand {
}
