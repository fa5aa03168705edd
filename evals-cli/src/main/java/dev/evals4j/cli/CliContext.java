package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.core.Evals;
import dev.evals4j.core.internal.JobStore;
import dev.evals4j.core.plugins.PluginRegistry;
import dev.evals4j.hf.HubClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What every subcommand shares: the output streams, the environment, the global options, and the evals4j
 * instance built from them.
 */
final class CliContext {
    final PrintWriter out;
    final PrintWriter err;
    final Map<String, String> env;
    private boolean verbose;
    private final List<Path> pluginPath = new ArrayList<>();
    private Evals evals;

    CliContext(PrintWriter out, PrintWriter err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Whether progress can be drawn in place: standard error is an interactive terminal. */
    boolean terminal() {
        if (System.console() == null || "dumb".equals(env.get("TERM"))) {
            return false;
        }
        // the console is there when standard input and output are a terminal; the bar goes to standard error, which
        // may be a log file (2>run.log): where the system shows what it is, it must be a terminal too
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /** The plugin path for a child process: the {@code --plugin-path} entries and {@code EVALS_PLUGIN_PATH}. */
    String pluginPathForChildren() {
        List<String> parts = new ArrayList<>();
        for (Path p : pluginPath) {
            parts.add(p.toAbsolutePath().toString());
        }
        String fromEnv = env.get("EVALS_PLUGIN_PATH");
        if (fromEnv != null && !fromEnv.isBlank()) {
            parts.add(fromEnv);
        }
        return String.join(File.pathSeparator, parts);
    }

    boolean verbose() {
        return verbose;
    }

    void verbose(boolean on) {
        verbose |= on;
    }

    void addPluginPath(List<Path> paths) {
        pluginPath.addAll(paths);
    }

    /** The evals4j instance, with the plugins on the class path, the plugin path and {@code EVALS_PLUGIN_PATH}. */
    Evals evals() {
        if (evals == null) {
            List<Path> paths = new ArrayList<>(pluginPath);
            String fromEnv = env.get("EVALS_PLUGIN_PATH");
            if (fromEnv != null && !fromEnv.isBlank()) {
                for (String p : fromEnv.split(File.pathSeparator)) {
                    if (!p.isBlank()) {
                        paths.add(Path.of(p));
                    }
                }
            }
            PluginRegistry registry =
                    PluginRegistry.builder().classLoader(pluginLoader(paths)).build();
            for (String problem : registry.problems()) {
                err.println("evals: warning: " + problem);
            }
            // the instance reads this command's environment (tests pass their own): API keys, HF_*, the cache
            Evals.Builder builder = Evals.builder()
                    .plugins(registry)
                    .environment(env)
                    .responseCache(true)
                    .resource(HubClient.class, ctx -> HubClient.builder(ctx)
                            .progressListener(new DownloadPrinter(err))
                            .build());
            String jobs = env.get("EVALS_JOBS_DIR");
            if (jobs != null && !jobs.isBlank()) {
                builder.jobsDir(Path.of(jobs));
            }
            evals = builder.build();
        }
        return evals;
    }

    /** The Hugging Face Hub client of this command (its environment, its download progress). */
    HubClient hub() {
        return HubClient.of(evals().context());
    }

    /** The jobs folder, for the operations that work across processes (start a job in another process). */
    JobStore jobStore() {
        return new JobStore(evals().jobs().root(), evals().runner());
    }

    /** Closes the evals4j instance, when one was made. */
    void close() {
        if (evals != null) {
            evals.close();
        }
    }

    private static ClassLoader pluginLoader(List<Path> paths) {
        ClassLoader parent = CliContext.class.getClassLoader();
        if (paths.isEmpty()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new ConfigurationException("the plugin path entry " + p + " does not exist");
            }
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> jars = Files.list(p)) {
                        for (Path jar : jars.filter(j -> j.toString().endsWith(".jar"))
                                .sorted()
                                .toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigurationException("the plugin path entry " + p + " is not a valid location", e);
            } catch (IOException e) {
                throw new ConfigurationException("cannot list the plugin folder " + p + ": " + e.getMessage(), e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
