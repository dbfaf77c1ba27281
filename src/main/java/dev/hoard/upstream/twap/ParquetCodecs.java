package dev.hoard.upstream.twap;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs in pure Java: SNAPPY, ZSTD and LZ4_RAW through aircompressor, GZIP through
 * java.util.zip. It replaces parquet-hadoop's codec factory, which needs a Hadoop Configuration and
 * native libraries (snappy-java, zstd-jni) that Hoard does not package.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        requireSupported(codec);
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                byte[] input = bytes.toByteArray();
                return BytesInput.from(ParquetCodecs.compress(codec, input));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        requireSupported(codec);
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(ParquetCodecs.decompress(codec, bytes.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(ParquetCodecs.decompress(codec, compressed, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    private static void requireSupported(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW -> { }
            default -> throw new UnsupportedOperationException("parquet codec " + codec + " is not supported");
        }
    }

    static byte[] compress(CompressionCodecName codec, byte[] input) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            return input;
        }
        if (codec == CompressionCodecName.GZIP) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(input);
            }
            return out.toByteArray();
        }
        Compressor compressor = switch (codec) {
            case SNAPPY -> new SnappyCompressor();
            case ZSTD -> new ZstdCompressor();
            default -> new Lz4Compressor();
        };
        byte[] output = new byte[compressor.maxCompressedLength(input.length)];
        int length = compressor.compress(input, 0, input.length, output, 0, output.length);
        return Arrays.copyOf(output, length);
    }

    static byte[] decompress(CompressionCodecName codec, byte[] input, int uncompressedSize) throws IOException {
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            return input;
        }
        byte[] output;
        if (codec == CompressionCodecName.GZIP) {
            try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(input))) {
                output = gzip.readNBytes(uncompressedSize);
            }
        } else {
            Decompressor decompressor = switch (codec) {
                case SNAPPY -> new SnappyDecompressor();
                case ZSTD -> new ZstdDecompressor();
                default -> new Lz4Decompressor();
            };
            output = new byte[uncompressedSize];
            int length;
            try {
                length = decompressor.decompress(input, 0, input.length, output, 0, output.length);
            } catch (RuntimeException e) {
                throw new IOException(codec + " page does not decompress: " + e.getMessage(), e);
            }
            if (length != uncompressedSize) {
                throw new IOException(codec + " page decompressed to " + length + " bytes, expected " + uncompressedSize);
            }
        }
        if (output.length != uncompressedSize) {
            throw new IOException(codec + " page decompressed to " + output.length + " bytes, expected " + uncompressedSize);
        }
        return output;
    }
}
