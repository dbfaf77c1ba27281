package dev.hoard.upstream.twap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Streams the records of a local parquet file as JSON objects, one row group in memory at a time.
 * Any failure to read (not parquet, truncated, a page that does not decode) is a
 * {@link CorruptObjectException}: retrying a local file cannot help.
 */
final class ParquetRows implements Iterator<ObjectNode>, AutoCloseable {

    private final ParquetFileReader reader;
    private final MessageType schema;
    private final MessageColumnIO columns;
    private RecordReader<ObjectNode> rowGroup;
    private long remainingInGroup;
    private long rowNumber;

    private ParquetRows(ParquetFileReader reader) {
        this.reader = reader;
        this.schema = reader.getFileMetaData().getSchema();
        this.columns = new ColumnIOFactory().getColumnIO(schema);
    }

    static ParquetRows open(Path file) {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs())
                .build();
        LocalInputFile input = new LocalInputFile(file);
        try {
            return new ParquetRows(ParquetFileReader.open(input, options));
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).replace(input.toString(), "it");
            throw new CorruptObjectException("not a readable parquet file: " + reason, e);
        }
    }

    MessageType schema() {
        return schema;
    }

    /** Rows the file's footer declares. */
    long rowCount() {
        return reader.getRecordCount();
    }

    /** 1-based number of the row last returned. */
    long rowNumber() {
        return rowNumber;
    }

    @Override
    public boolean hasNext() {
        try {
            while (remainingInGroup == 0) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    return false;
                }
                rowGroup = columns.getRecordReader(pages, new JsonRecordConverter(schema));
                remainingInGroup = pages.getRowCount();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            throw new CorruptObjectException("row group after row " + rowNumber + " does not read: " + e.getMessage(), e);
        }
    }

    @Override
    public ObjectNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            ObjectNode row = rowGroup.read();
            remainingInGroup--;
            rowNumber++;
            return row;
        } catch (RuntimeException e) {
            throw new CorruptObjectException("row " + (rowNumber + 1) + " does not read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new CorruptObjectException("parquet file does not close: " + e.getMessage(), e);
        }
    }
}
