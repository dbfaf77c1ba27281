package dev.hoard.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in front of every route of Hoard's HTTP server (REST, OpenAPI, docs, metrics), from the
 * moment its port opens:
 * <ul>
 * <li>until every route has started, and again once Hoard is stopping, a 503
 * {@code {"status": "starting"}} (or {@code "stopping"}) with {@code Retry-After} on every path, instead
 * of the 404 HTML pages Vert.x gives while Camel adds its routes one by one, or the empty 503 a
 * suspended consumer gives;</li>
 * <li>then the {@link ApiGuard} (CORS, API key);</li>
 * <li>and once started, every error the router itself answers (no such path, wrong method, a failed
 * handler) is JSON too ({@link JsonErrors}).</li>
 * </ul>
 * The handler goes in through camel-platform-http's authentication hook (the server's configuration,
 * caught when camel-main adds the server): Vert.x installs those handlers before the server listens,
 * so not one request reaches a route ahead of it. A startup listener adds the JSON error handlers once
 * the server is up and then opens the gate.
 */
public final class HttpFront extends LifecycleStrategySupport implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    /** Seconds a client is asked to wait while Hoard starts or stops. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final CamelContext context;
    private final ApiGuard guard;
    private final String corsOrigins;
    private volatile MainHttpServer server;
    private volatile boolean open;

    private HttpFront(CamelContext context, ApiGuard guard, String corsOrigins) {
        this.context = context;
        this.guard = guard;
        this.corsOrigins = corsOrigins;
    }

    /** Puts the front before every route of the HTTP server {@code context} will start. */
    public static void install(CamelContext context, ApiGuard guard, String corsOrigins) throws Exception {
        HttpFront front = new HttpFront(context, guard, corsOrigins);
        context.addLifecycleStrategy(front);
        context.addStartupListener(front);
    }

    /** camel-main adds its HTTP server before starting it: the front joins its configuration here. */
    @Override
    public void onServiceAdd(CamelContext camelContext, Service service, org.apache.camel.Route route) {
        if (service instanceof MainHttpServer added && server == null) {
            server = added;
            AuthenticationConfig authentication = added.getConfiguration().getAuthenticationConfig();
            AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
            entry.setPath("/*");
            entry.setAuthenticationProviderFactory(vertx -> null);
            entry.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
                @Override
                public <T extends io.vertx.ext.auth.authentication.AuthenticationProvider> AuthenticationHandler
                        createAuthenticationHandler(T provider) {
                    return HttpFront.this::handle;
                }
            });
            authentication.getEntries().add(entry);
            authentication.setEnabled(true);
            LOG.info("HTTP front in place: API key {}, CORS origins {}",
                    guard.keyRequired() ? "required" : "not required (HOARD_API_KEY unset)",
                    corsOrigins == null || corsOrigins.isBlank() ? "none" : corsOrigins);
        }
    }

    private void handle(RoutingContext request) {
        if (!open || !context.getStatus().isStarted() || context.getRouteController().isStartingRoutes()) {
            String status = context.getStatus().isStopping() || context.getStatus().isStopped() ? "stopping" : "starting";
            JsonErrors.respond(request, 503, "{\"status\":\"" + status + "\"}", RETRY_AFTER_SECONDS);
            return;
        }
        guard.handle(request);
    }

    @Override
    public void onCamelContextStarted(CamelContext camelContext, boolean alreadyStarted) {
        // the supervising route controller starts the routes after this: the gate stays closed until
        // its first round is done (isStartingRoutes); a route it keeps retrying does not hold the API back
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext camelContext, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = server == null ? null : server.getRouter();
        if (router != null) {
            Handler<RoutingContext> json = JsonErrors::handle;
            Router root = router.getServer() != null && router.getServer().getServer() != null
                    && router.getServer().getServer().requestHandler() instanceof Router r ? r : null;
            for (int status = 400; status < 600; status++) {
                router.errorHandler(status, json);
                if (root != null) {
                    root.errorHandler(status, json);
                }
            }
        }
        open = true;
    }
}
