package dev.hoard.upstream;

import dev.hoard.pipeline.CatalogEntry;
import dev.hoard.pipeline.PullMode;
import dev.hoard.pipeline.PullUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Recorded-shape payloads under {@code src/test/resources/fixtures/}, and pull units to read them with. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String read(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PullUnit unit(String source, String asset, String kind, String metric) {
        LocalDate today = LocalDate.parse("2025-02-20");
        return new PullUnit(source, new CatalogEntry(asset, kind, metric, true, LocalDate.parse("2025-01-01"), null, 2),
                PullMode.LIVE, LocalDate.parse("2025-01-01"), today, null, today, true);
    }
}
