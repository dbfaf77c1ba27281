package dev.hoard.ops;

import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /docs}: Swagger UI (the org.webjars swagger-ui bundle, served from the classpath) over
 * {@code /openapi.json}. {@code /docs/{file}} serves the bundle's script, stylesheet and icon.
 */
public final class DocsApi {

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Hoard API</title>
              <link rel="icon" href="/docs/favicon-32x32.png">
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script src="/docs/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
              </script>
            </body>
            </html>
            """;

    private final String version;

    public DocsApi() throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (InputStream in = DocsApi.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the classpath");
            }
            properties.load(in);
        }
        this.version = properties.getProperty("version");
    }

    public void page(Exchange exchange) {
        respond(exchange.getMessage(), "text/html; charset=utf-8", PAGE);
    }

    public void asset(Exchange exchange) throws IOException {
        String file = exchange.getMessage().getHeader("file", String.class);
        String type = switch (file == null ? "" : file) {
            case "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js" -> "application/javascript";
            case "swagger-ui.css" -> "text/css";
            case "favicon-32x32.png" -> "image/png";
            default -> throw dev.hoard.api.ApiException.notFound("no such file");
        };
        try (InputStream in = DocsApi.class.getClassLoader().getResourceAsStream(WEBJAR + version + "/" + file)) {
            if (in == null) {
                throw dev.hoard.api.ApiException.notFound("no such file");
            }
            respond(exchange.getMessage(), type, in.readAllBytes());
        }
    }

    private static void respond(Message message, String type, Object body) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, type);
        message.setBody(body);
    }
}
