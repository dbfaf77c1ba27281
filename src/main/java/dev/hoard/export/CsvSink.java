package dev.hoard.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CSV with a header row (RFC 4180): timestamps ISO-8601 UTC, decimals exact as stored
 * ({@code toPlainString}), booleans {@code true}/{@code false}, NULL an empty field, zero {@code 0}.
 */
public final class CsvSink implements RowSink {

    private final Writer out;

    public CsvSink(OutputStream stream, List<ExportColumn> columns) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write(String.join(",", columns.stream().map(ExportColumn::name).toList()));
        out.write('\n');
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            Object value = values[i];
            if (value == null) {
                continue;
            }
            String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            out.write(text);
        }
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
