package dev.evals4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of evals4j, as built. */
public final class EvalsVersion {
    private static final String VERSION = load();

    private EvalsVersion() {}

    /** The version, such as {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = EvalsVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
