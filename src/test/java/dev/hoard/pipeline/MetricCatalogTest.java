package dev.hoard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricCatalogTest {

    @TempDir
    Path dir;

    private MetricCatalog catalog(String text, boolean kind) throws IOException {
        return new MetricCatalog(Files.writeString(dir.resolve("c.csv"), text).toString(), kind);
    }

    @Test
    void readsQuotedFieldsCommentsAndOptionalColumnsInAnyOrder() throws IOException {
        var entries = catalog("""
                metric,asset,kind,enabled,backfill_start,canonical_asset
                # a comment
                tvl,"Hyperliquid L1",chain,TRUE,2025-01-01,HYPE

                PRICE,"coingecko:ethereum",coin,false,,
                """, true).read();

        assertThat(entries).containsExactly(
                new CatalogEntry("Hyperliquid L1", "chain", "TVL", true, LocalDate.parse("2025-01-01"), "HYPE", 3),
                new CatalogEntry("coingecko:ethereum", "coin", "PRICE", false, null, null, 5));
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws IOException {
        assertThatThrownBy(() -> catalog("asset,metric,enabled,backfill_start\nsol,FEES,yes,2025-01-01\n", false).read())
                .hasMessageContaining("line 2").hasMessageContaining("enabled");
        assertThatThrownBy(() -> catalog("asset,metric,enabled,backfill_start\nsol,FEES,true,01/01/2025\n", false).read())
                .hasMessageContaining("line 2").hasMessageContaining("backfill_start");
        assertThatThrownBy(() -> catalog("asset,metric,enabled,backfill_start\nsol,FEES,true,\nsol,fees,true,\n", false).read())
                .hasMessageContaining("line 3").hasMessageContaining("duplicate");
        assertThatThrownBy(() -> catalog("asset,metric,enabled\nsol,FEES,true\n", false).read())
                .hasMessageContaining("backfill_start");
    }
}
