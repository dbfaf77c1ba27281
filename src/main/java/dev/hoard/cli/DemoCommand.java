package dev.hoard.cli;

import dev.hoard.HoardApplication;
import dev.hoard.sim.ExchangeSimulator;
import dev.hoard.sim.HyperliquidWs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the service fully offline, against the exchange simulator started in-process.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--simulator-port", description = "Port of the in-process simulator (0 = any free port).")
    int simulatorPort = 0;

    @Override
    public Integer call() throws Exception {
        try (ExchangeSimulator simulator = new ExchangeSimulator(simulatorPort).start()) {
            simulator.hyperliquid().ws().emitEvery(HyperliquidWs.DEFAULT_REAL_TIME_PERIOD);
            simulator.binance().ws().emitEvery(java.time.Duration.ofMillis(250));
            simulator.binance().ws().pingEvery(java.time.Duration.ofMinutes(3));
            System.out.println("Exchange simulator listening on " + simulator.baseUrl());
            HoardApplication.builder()
                    .property("hoard.hyperliquid.rest-url", simulator.hyperliquidRestUrl())
                    .property("hoard.hyperliquid.ws-url", simulator.hyperliquidWsUrl())
                    .property("hoard.defillama.url", simulator.defillamaUrl())
                    .property("hoard.defillama.coins-url", simulator.defillamaUrl())
                    .property("hoard.defillama.pro-url", simulator.defillamaUrl() + "/pro")
                    .property("hoard.artemis.url", simulator.artemisUrl())
                    .property("hoard.binance.rest-url", simulator.binanceRestUrl())
                    .property("hoard.binance.ws-url", simulator.binanceWsUrl())
                    .run();
        }
        return 0;
    }
}
