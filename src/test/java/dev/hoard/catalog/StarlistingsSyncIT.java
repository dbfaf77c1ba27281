package dev.hoard.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoard.HoardHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /starlistings/sync} when the catalog file is the operator's to fix: a 4xx naming the file, never a 500. */
class StarlistingsSyncIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ENTRY = """
            starlistings:
              - exchange: hyperliquid
                coin: BTC
                quote: USD
                market_type: perps
                intervals: [1h]
            """;

    @TempDir
    Path dir;

    private static HttpResponse<String> sync(HoardHarness hoard) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(hoard.apiUrl("/starlistings/sync")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingOrInvalidCatalogFileIsA422NamingItAndAFixedOneSyncs() throws Exception {
        Path catalog = Files.writeString(dir.resolve("starlistings.yaml"), ENTRY);
        try (HoardHarness hoard = HoardHarness.builder().property("hoard.catalog.file", catalog.toString()).start()) {
            Files.delete(catalog);
            HttpResponse<String> missing = sync(hoard);
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(422);
            JsonNode error = new ObjectMapper().readTree(missing.body());
            assertThat(error.get("error").asText()).contains(catalog.toString(), "not found");

            Files.writeString(catalog, ENTRY.replace("hyperliquid", "kraken"));
            HttpResponse<String> invalid = sync(hoard);
            assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(422);
            assertThat(new ObjectMapper().readTree(invalid.body()).get("error").asText())
                    .contains(catalog.toString(), "starlistings[0]", "kraken");

            Files.writeString(catalog, "starlistings: [\n");
            assertThat(sync(hoard).statusCode()).as("not YAML").isEqualTo(422);

            Files.writeString(catalog, ENTRY);
            HttpResponse<String> fixed = sync(hoard);
            assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(fixed.body()).get("entries").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aServiceWhoseConfiguredCatalogIsMissingDoesNotStartAndSaysWhichFile() {
        Path missing = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> HoardHarness.builder().property("hoard.catalog.file", missing.toString()).start().close())
                .hasStackTraceContaining(missing.toString());
    }
}
