package dev.hoard;

import java.nio.file.Files;
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
}
