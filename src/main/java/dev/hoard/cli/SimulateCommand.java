package dev.hoard.cli;

import dev.hoard.StopSignals;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sim.HyperliquidWs;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the exchange simulator on its own (wire-exact upstream fakes with fault knobs).")
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Port to listen on (default ${DEFAULT-VALUE}).")
    int port = 9100;

    @Override
    public Integer call() throws Exception {
        Arguments.port(spec, "--port", port);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ExchangeSimulator simulator = new ExchangeSimulator(port).start();
             AutoCloseable stopSignal = StopSignals.whileRunning(stopped::countDown, StopSignals.GRACE)) {
            simulator.hyperliquid().ws().emitEvery(HyperliquidWs.DEFAULT_REAL_TIME_PERIOD);
            System.out.println("Exchange simulator listening on " + simulator.baseUrl());
            System.out.println("  Hyperliquid REST: " + simulator.hyperliquidRestUrl() + "/info");
            System.out.println("  Hyperliquid WS:   " + simulator.hyperliquidWsUrl());
            System.out.println("  DefiLlama:        " + simulator.defillamaUrl() + " (Pro: " + simulator.defillamaUrl() + "/pro/pro-key)");
            System.out.println("  Artemis:          " + simulator.artemisUrl() + "/data/api/...");
            System.out.println("  Binance REST:     " + simulator.binanceRestUrl() + "/fapi/v1/klines");
            System.out.println("  Binance WS:       " + simulator.binanceWsUrl() + "/stream?streams=...");
            System.out.println("  Fault knobs:      POST " + simulator.baseUrl() + "/_sim/faults");
            stopped.await();
        }
        return StopSignals.exitCode().orElse(0);
    }
}
