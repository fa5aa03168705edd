package dev.evals4j.core.http;

import dev.evals4j.api.ConfigurationException;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Checks, once, that the class path holds one OkHttp, and OkHttp 5: Spring Boot (and other platforms) manage
 * OkHttp 4 ({@code com.squareup.okhttp3:okhttp}), while evals4j needs OkHttp 5's {@code okhttp-jvm}. Both put their
 * classes in {@code okhttp3}; together they fail later with a {@code NoSuchMethodError} that names neither. This
 * check fails first, saying what to exclude or which version to manage (see docs/decisions/001).
 */
final class OkHttpCheck {
    private static volatile boolean checked;

    private OkHttpCheck() {}

    /** Runs the check the first time it is called. */
    static void once() {
        if (!checked) {
            synchronized (OkHttpCheck.class) {
                if (!checked) {
                    problem(OkHttpCheck.class.getClassLoader(), version()).ifPresent(p -> {
                        throw new ConfigurationException(p);
                    });
                    checked = true;
                }
            }
        }
    }

    private static String version() {
        try {
            return String.valueOf(
                    Class.forName("okhttp3.OkHttp").getField("VERSION").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /** What is wrong with the OkHttp that {@code loader} sees, whose version is {@code version}, if anything. */
    static Optional<String> problem(ClassLoader loader, String version) {
        List<URL> copies;
        try {
            copies = Collections.list(loader.getResources("okhttp3/OkHttp.class"));
        } catch (IOException e) {
            copies = List.of();
        }
        String fix = "; evals4j needs OkHttp 5 (com.squareup.okhttp3:okhttp-jvm): exclude com.squareup.okhttp3:okhttp"
                + " from the dependency that brings it, or, in a Spring Boot build, set the property okhttp.version"
                + " to 5.3.2 (see evals4j's docs/decisions/001-okhttp-5-jvm-artifact.md)";
        if (copies.size() > 1) {
            List<String> jars = new ArrayList<>();
            for (URL u : copies) {
                String s = u.toString();
                int bang = s.indexOf("!/");
                jars.add(bang > 0 ? s.substring(0, bang) : s);
            }
            return Optional.of(
                    "OkHttp is on the class path " + copies.size() + " times (" + String.join(", ", jars) + ")" + fix);
        }
        if (!version.startsWith("5.")) {
            return Optional.of("the class path holds OkHttp " + version + fix);
        }
        return Optional.empty();
    }
}
