package dev.hoard.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hoard.sim.SimFaults.Malformed;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Serializes a simulated JSON answer, applying a pending {@code NOT_JSON} or {@code TRUNCATED} fault. */
final class SimJson {

    static final String NOT_JSON_BODY = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private SimJson() {
    }

    static SimResponse render(JsonNode body, Optional<Malformed> fault) {
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (fault.orElse(null) == Malformed.NOT_JSON) {
            text = NOT_JSON_BODY;
        } else if (fault.orElse(null) == Malformed.TRUNCATED) {
            text = text.substring(0, text.length() / 2);
        }
        return SimResponse.json(200, text);
    }
}
