package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.HoardHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml's Hoard healthcheck, run as Docker would run it (bash, no curl in the image) against a
 * running Hoard: healthy while {@code /health} answers 200, unhealthy when nothing answers.
 */
class ComposeHealthcheckIT {

    private static HoardHarness hoard;
    private static String command;

    @BeforeAll
    static void start() throws Exception {
        hoard = HoardHarness.builder().start();
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("docker-compose.yml")));
        Map<?, ?> service = (Map<?, ?>) ((Map<?, ?>) compose.get("services")).get("hoard");
        List<?> test = (List<?>) ((Map<?, ?>) service.get("healthcheck")).get("test");
        assertThat(List.copyOf(test.subList(0, 3))).isEqualTo(List.of("CMD", "bash", "-c"));
        command = String.valueOf(test.get(3));
        assertThat(command).contains("/dev/tcp/127.0.0.1/8080", "GET /health ");
    }

    @AfterAll
    static void stop() {
        hoard.close();
    }

    private static int run(int port) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command.replace("/8080", "/" + port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    @Test
    void healthyWhileHealthAnswers200() throws Exception {
        assertThat(run(hoard.httpPort)).isZero();
    }

    @Test
    void unhealthyWhenNothingAnswers() throws Exception {
        assertThat(run(HoardHarness.freePort())).isNotZero();
    }
}
