package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.StopSignals;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sim.HyperliquidWs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the service fully offline, against the exchange simulator started in-process.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--simulator-port", description = "Port of the in-process simulator (0 = any free port).")
    int simulatorPort = 0;

    @Override
    public Integer call() throws Exception {
        Arguments.port(spec, "--simulator-port", simulatorPort);
        try (ExchangeSimulator simulator = new ExchangeSimulator(simulatorPort).start()) {
            simulator.hyperliquid().ws().emitEvery(HyperliquidWs.DEFAULT_REAL_TIME_PERIOD);
            simulator.binance().ws().emitEvery(Duration.ofMillis(250));
            simulator.binance().ws().pingEvery(Duration.ofMinutes(3));
            Map<String, String> simulatorLine = Map.of("Simulator",
                    simulator.baseUrl() + "  (fault knobs: POST " + simulator.baseUrl() + "/_sim/faults)");
            HoardApplication.builder()
                    .property("hoard.hyperliquid.rest-url", simulator.hyperliquidRestUrl())
                    .property("hoard.hyperliquid.ws-url", simulator.hyperliquidWsUrl())
                    .property("hoard.defillama.url", simulator.defillamaUrl())
                    .property("hoard.defillama.coins-url", simulator.defillamaUrl())
                    .property("hoard.defillama.pro-url", simulator.defillamaUrl() + "/pro")
                    .property("hoard.artemis.url", simulator.artemisUrl())
                    .property("hoard.binance.rest-url", simulator.binanceRestUrl())
                    .property("hoard.binance.ws-url", simulator.binanceWsUrl())
                    .onReady(context -> ReadyBlock.log(context, simulatorLine))
                    .run();
        }
        return StopSignals.exitCode().orElse(0);
    }
}
