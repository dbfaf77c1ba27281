package dev.hoard.upstream.artemis;

import static dev.hoard.upstream.Fixtures.read;
import static dev.hoard.upstream.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoard.model.MetricData;
import dev.hoard.model.MetricPoint;
import dev.hoard.upstream.MalformedPayloadException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArtemisNormalizerTest {

    private final ArtemisNormalizer normalizer = new ArtemisNormalizer();

    @Test
    void daysBecomeMidnightUtcWithExactValuesZeroKeptAndNullsSkipped() {
        MetricData data = normalizer.normalize(read("artemis/data-api.json"), unit("artemis", "sol", null, "FEES"));

        assertThat(data.daily()).extracting(MetricPoint::time)
                .containsExactly(Instant.parse("2025-02-18T00:00:00Z"), Instant.parse("2025-02-19T00:00:00Z"));
        assertThat(data.daily()).extracting(p -> p.value().toPlainString()).containsExactly("0", "1234567.891");
        assertThat(data.daily()).extracting(MetricPoint::metric).containsOnly("FEES");
    }

    @Test
    void aStringWhereDataWasDueIsNoDataWithArtemisMessage() {
        assertThat(normalizer.normalize(read("artemis/data-api-no-symbols.json"), unit("artemis", "sol", null, "FEES")).noData())
                .isEqualTo("Latest data not available for the requested symbols");
        assertThat(normalizer.normalize(read("artemis/data-api-no-metric.json"), unit("artemis", "sol", null, "FEES")).noData())
                .isEqualTo("Metric not available");
        assertThat(normalizer.normalize("{\"data\":{\"symbols\":{}}}", unit("artemis", "sol", null, "FEES")).noData())
                .contains("no FEES for sol");
    }

    @Test
    void anythingElseIsMalformed() {
        assertThatThrownBy(() -> normalizer.normalize("{\"data\":{\"symbols\":{\"sol\":{\"fees\":{}}}}}",
                unit("artemis", "sol", null, "FEES"))).isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> normalizer.normalize("{\"data\":{\"symbols\":{\"sol\":{\"fees\":[{\"date\":\"18/02\",\"val\":1}]}}}}",
                unit("artemis", "sol", null, "FEES"))).isInstanceOf(MalformedPayloadException.class).hasMessageContaining("date");
        assertThatThrownBy(() -> normalizer.normalize("<html>", unit("artemis", "sol", null, "FEES")))
                .isInstanceOf(MalformedPayloadException.class);
    }
}
