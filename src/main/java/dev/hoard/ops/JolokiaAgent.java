package dev.hoard.ops;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.support.service.ServiceSupport;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jolokia JVM agent, started in-process on its own port: JMX over HTTP/JSON, which Hawtio (and
 * curl) attach to at {@code http://host:port/jolokia/}. Camel's route and context MBeans come from
 * camel-management. Off unless {@code hoard.jolokia.enabled}; bound to {@code hoard.jolokia.host}
 * (loopback by default), with HTTP basic authentication when {@code hoard.jolokia.user} and
 * {@code hoard.jolokia.password} are set; on any other address it does not start without them.
 */
public final class JolokiaAgent extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private JolokiaServer server;

    public JolokiaAgent(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    @Override
    protected void doStart() throws Exception {
        boolean credentials = user != null && !user.isBlank() && password != null && !password.isBlank();
        if (!credentials && !InetAddress.getByName(host).isLoopbackAddress()) {
            LOG.warn("Jolokia agent not started: listening on {} needs HOARD_JOLOKIA_USER and HOARD_JOLOKIA_PASSWORD",
                    host);
            return;
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("host", host);
        config.put("port", String.valueOf(port));
        config.put("agentContext", "/jolokia");
        config.put("discoveryEnabled", "false");
        if (credentials) {
            config.put("user", user);
            config.put("password", password);
        }
        server = new JolokiaServer(new JolokiaServerConfig(config));
        server.start(false);
        LOG.info("Jolokia agent at {} (attach Hawtio here)", server.getUrl());
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public String url() {
        return server == null ? null : server.getUrl();
    }
}
