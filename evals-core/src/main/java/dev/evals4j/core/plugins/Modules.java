package dev.evals4j.core.plugins;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** Tells which jar or build folder a class was loaded from, as the module name {@code evals list} shows. */
final class Modules {
    private Modules() {}

    static String of(Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return "unknown";
            }
            Path path = Path.of(source.getLocation().toURI());
            String name = path.getFileName().toString();
            if (name.endsWith(".jar")) {
                // evals-scorers-0.1.0.jar -> evals-scorers
                return name.substring(0, name.length() - 4).replaceFirst("-\\d[\\w.\\-]*$", "");
            }
            // target/classes or target/test-classes of a Maven module
            Path target = path.getParent();
            if (target != null && target.getFileName().toString().equals("target") && target.getParent() != null) {
                return target.getParent().getFileName().toString();
            }
            return name;
        } catch (URISyntaxException
                | SecurityException
                | IllegalArgumentException
                | java.nio.file.FileSystemNotFoundException e) {
            return "unknown";
        }
    }
}
