package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoard.HoardHarness;
import org.junit.jupiter.api.Test;

/** The agent never listens beyond loopback without credentials (docker-compose.yml relies on it). */
class JolokiaAgentTest {

    @Test
    void onAllInterfacesItStartsOnlyWithUserAndPassword() {
        int port = HoardHarness.freePort();
        JolokiaAgent open = new JolokiaAgent("0.0.0.0", port, "hawtio", "");
        open.start();
        try {
            assertThat(open.url()).as("no agent without a password").isNull();
        } finally {
            open.stop();
        }
        JolokiaAgent secured = new JolokiaAgent("0.0.0.0", port, "hawtio", "s3cret");
        secured.start();
        try {
            assertThat(secured.url()).contains(":" + port + "/jolokia");
        } finally {
            secured.stop();
        }
        JolokiaAgent loopback = new JolokiaAgent("127.0.0.1", HoardHarness.freePort(), "", "");
        loopback.start();
        try {
            assertThat(loopback.url()).isNotNull();
        } finally {
            loopback.stop();
        }
    }
}
