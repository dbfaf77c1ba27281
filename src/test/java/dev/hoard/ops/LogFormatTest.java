package dev.hoard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** logback.xml: HOARD_LOG_FORMAT=json switches the console to one JSON object per line. */
class LogFormatTest {

    /** Configures logback.xml as Hoard does and encodes one event with the console appender's encoder. */
    @SuppressWarnings("unchecked")
    private static String logWith(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            if (format != null) {
                context.putProperty("HOARD_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource("logback.xml"));
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            List<OutputStreamAppender<ILoggingEvent>> appenders = new ArrayList<>();
            root.iteratorForAppenders().forEachRemaining(a -> appenders.add((OutputStreamAppender<ILoggingEvent>) a));
            assertThat(appenders).as("one console appender").hasSize(1);
            Logger logger = context.getLogger("dev.hoard.runs");
            LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.INFO, "snapshot period={} rows={}",
                    null, new Object[] {"2026-03-04T10:00:00Z", 13});
            return new String(appenders.get(0).getEncoder().encode(event), StandardCharsets.UTF_8).trim();
        } finally {
            context.stop();
        }
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
        String line = logWith("json");
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("loggerName").asText()).isEqualTo("dev.hoard.runs");
        assertThat(event.get("formattedMessage").asText()).isEqualTo("snapshot period=2026-03-04T10:00:00Z rows=13");
        assertThat(event.has("timestamp")).isTrue();
    }

    @Test
    void textIsTheDefault() throws Exception {
        String line = logWith(null);
        assertThat(line).startsWith("20").contains("INFO  [main] dev.hoard.runs - snapshot period=2026-03-04T10:00:00Z rows=13");
    }
}
