package dev.hoard;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where Hoard finds its top-level folders ({@code routes/}, {@code sql/}, {@code config/}) and its
 * {@code application.properties}: the directory named by {@code HOARD_HOME}, else the working
 * directory. A file or folder missing there falls back to the copy packaged in the jar under
 * {@code hoard/}, so {@code java -jar hoard.jar} runs from anywhere.
 */
public final class HoardHome {

    private HoardHome() {
    }

    public static Path directory() {
        String home = System.getenv("HOARD_HOME");
        return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
    }

    /** A Camel resource location ({@code file:…} or {@code classpath:…}) for a top-level entry. */
    public static String camelLocation(String entry) {
        Path path = directory().resolve(entry);
        return Files.exists(path) ? "file:" + path : "classpath:hoard/" + entry;
    }

    /** A Flyway location ({@code filesystem:…} or {@code classpath:…}) for a top-level folder. */
    public static String flywayLocation(String folder) {
        Path path = directory().resolve(folder);
        return Files.isDirectory(path) ? "filesystem:" + path : "classpath:hoard/" + folder;
    }

    /**
     * A file Hoard reads (a catalog): {@code location} under HOARD_HOME (or absolute) when it exists
     * there, else the jar's copy of that relative location, else a file that is missing.
     */
    public static ConfigFile file(String location) {
        Path path = directory().resolve(location);
        if (Files.exists(path) || Path.of(location).isAbsolute()) {
            return new ConfigFile(location, path, null);
        }
        URL packaged = HoardHome.class.getClassLoader().getResource("hoard/" + location.replace('\\', '/'));
        return new ConfigFile(location, path, packaged);
    }

    /** Where a configured file is read from: the file itself, or (missing there) the jar's copy. */
    public record ConfigFile(String location, Path path, URL packaged) {

        /** The file on disk is used (even if missing), not the jar's copy. */
        public boolean onDisk() {
            return packaged == null;
        }

        public Reader open() throws IOException {
            if (packaged == null) {
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString(), null, "not found");
                }
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            }
            InputStream in = packaged.openStream();
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        /** For logs and errors: the path read, or that the jar's copy is read because the path is missing. */
        public String describe() {
            return packaged == null ? path.toString()
                    : location + " (the copy packaged in Hoard: " + path + " does not exist)";
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
