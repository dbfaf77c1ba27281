package dev.hoard.upstream.twap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hoard.model.TwapStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node-format and flattened TWAP records, both status forms, and what stays in raw_payload. */
class TwapStatusMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    private static final String NODE_STATE = """
            "state":{"coin":"xyz:XYZ100","user":"0xabc0000000000000000000000000000000000001","side":"A",
                     "sz":"120.0","executedSz":"0.0","executedNtl":"0.0","minutes":15,
                     "reduceOnly":true,"randomize":false,"timestamp":1752087600123}""";

    @Test
    void mapsTheNodeFormatWithAStringStatusExactly() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("""
                {"twap_id":568722,"time":"2026-07-09T19:00:44.330633383",%s,"status":"activated"}""".formatted(NODE_STATE)));

        assertThat(status.twapId()).isEqualTo(568722L);
        assertThat(status.wallet()).isEqualTo("0xabc0000000000000000000000000000000000001");
        assertThat(status.ts()).isEqualTo(Instant.parse("2026-07-09T19:00:44.330633383Z"));
        assertThat(status.asset()).isEqualTo("xyz:XYZ100");
        assertThat(status.side()).isEqualTo("A");
        assertThat(status.sizeRequested()).hasToString("120.0");
        assertThat(status.sizeExecuted()).hasToString("0.0");
        assertThat(status.notionalExecuted()).hasToString("0.0");
        assertThat(status.status()).isEqualTo("activated");
        assertThat(status.durationMinutes()).isEqualTo(15);
        assertThat(status.reduceOnly()).isTrue();
        assertThat(status.randomize()).isFalse();
        // the creation time has no column of its own: it stays in raw_payload
        assertThat(JSON.readTree(status.rawPayload())).isEqualTo(json("{\"state\":{\"timestamp\":1752087600123}}"));
    }

    @Test
    void anErrorObjectStatusIsErrorAndKeepsItsMessageInRaw() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("""
                {"twap_id":7,"time":"2026-07-09T19:00:44.1",%s,"status":{"error":"Insufficient margin"}}"""
                .formatted(NODE_STATE)));

        assertThat(status.status()).isEqualTo("error");
        JsonNode raw = JSON.readTree(status.rawPayload());
        assertThat(raw.get("status").get("error").asText()).isEqualTo("Insufficient margin");
    }

    @Test
    void anErrorObjectWrittenAsJsonTextInAStringColumnIsReadAsTheObject() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("""
                {"twap_id":7,"time":"2026-07-09T19:00:44.1",%s,"status":"{\\"error\\":\\"Too small\\"}"}"""
                .formatted(NODE_STATE)));

        assertThat(status.status()).isEqualTo("error");
        assertThat(JSON.readTree(status.rawPayload()).get("status").get("error").asText()).isEqualTo("Too small");
    }

    @Test
    void theRestFormsStatusObjectGivesItsStatus() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("""
                {"twapId":9,"time":1752087644,%s,"status":{"status":"terminated","description":"user"}}"""
                .formatted(NODE_STATE)));

        assertThat(status.status()).isEqualTo("terminated");
        assertThat(status.ts()).isEqualTo(Instant.ofEpochSecond(1752087644));
        assertThat(JSON.readTree(status.rawPayload()).get("status").get("description").asText()).isEqualTo("user");
    }

    @Test
    void mapsFlattenedColumnsOfAnyCaseAndSeparatorAndKeepsUnknownOnes() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("""
                {"TwapId":"42","Block_Time":1752087644330633383,"State_Coin":"ETH","State_User":"0xdef",
                 "State_Side":"B","state.sz":2.5,"state_executedSz":"1","State_ExecutedNtl":"3000.10",
                 "State_Minutes":"60","State_ReduceOnly":"false","State_Randomize":1,
                 "Status":"error","StatusError":"Reduce only order would increase position","Block_Number":99}"""));

        assertThat(status.twapId()).isEqualTo(42L);
        assertThat(status.wallet()).isEqualTo("0xdef");
        assertThat(status.ts()).isEqualTo(Instant.parse("2025-07-09T19:00:44.330633383Z"));
        assertThat(status.asset()).isEqualTo("ETH");
        assertThat(status.sizeRequested()).hasToString("2.5");
        assertThat(status.notionalExecuted()).hasToString("3000.10");
        assertThat(status.durationMinutes()).isEqualTo(60);
        assertThat(status.reduceOnly()).isFalse();
        assertThat(status.randomize()).isTrue();
        assertThat(status.status()).isEqualTo("error");
        assertThat(JSON.readTree(status.rawPayload()))
                .isEqualTo(json("{\"StatusError\":\"Reduce only order would increase position\",\"Block_Number\":99}"));
    }

    @Test
    void withoutAnEventTimeTheCreationTimeIsTheRowsTime() throws Exception {
        TwapStatus status = TwapStatusMapper.map(json("{\"twap_id\":1,%s,\"status\":\"finished\"}".formatted(NODE_STATE)));

        assertThat(status.ts()).isEqualTo(Instant.ofEpochMilli(1752087600123L));
        assertThat(status.rawPayload()).isNull();
    }

    @Test
    void aRecordWithoutKeyValuesOrWithAMalformedNumberIsRejected() {
        assertThatThrownBy(() -> TwapStatusMapper.map(json("{\"time\":\"2026-01-01T00:00:00\",%s}".formatted(NODE_STATE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twap_id");
        assertThatThrownBy(() -> TwapStatusMapper.map(json("""
                {"twap_id":1,"time":"2026-01-01T00:00:00","state":{"user":"0x1","sz":"1.2.3"}}""")))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void aFileWithoutTwapColumnsIsRejectedWhole() {
        assertThatThrownBy(() -> TwapStatusMapper.forColumns(List.of(List.of("a"), List.of("b", "c"))))
                .isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("twap_id").hasMessageContaining("state.user").hasMessageContaining("time");
        TwapStatusMapper.forColumns(List.of(List.of("twap_id"), List.of("state", "user"), List.of("time")));
        TwapStatusMapper.forColumns(List.of(List.of("TwapId"), List.of("State_User"), List.of("Block_Time")));
    }
}
