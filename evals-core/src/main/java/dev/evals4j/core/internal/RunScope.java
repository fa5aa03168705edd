package dev.evals4j.core.internal;

import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseGenerator;
import dev.evals4j.api.spi.BaseGeneratorProcessor;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Plugin;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The context of one run: the instance's world, plus a record of everything configured for the run — the plugins
 * the run resolved itself, the plugins those plugins configured through the context (a judge's generator), and the
 * resources handed to {@link #closeLater} — all closed, last first, when the run ends. Thread-safe.
 */
public final class RunScope implements PluginContext, AutoCloseable {
    private final InstanceContext instance;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final List<Object> nested = new ArrayList<>();
    private boolean closed;

    RunScope(InstanceContext instance) {
        this.instance = instance;
    }

    /** The instance this run belongs to. */
    public InstanceContext instance() {
        return instance;
    }

    /** Records a plugin the run configured itself, to close it when the run ends; returns it. */
    public <T> T own(T plugin) {
        if (plugin instanceof AutoCloseable c) {
            push(c);
        }
        return plugin;
    }

    /**
     * What the run's plugins configured or handed over through this context while the run was set up (a judge's
     * generator, an embeddings client), in order; a run reports their model calls apart from the candidate's.
     */
    public synchronized List<Object> nested() {
        return List.copyOf(nested);
    }

    private synchronized <T> T nest(T made) {
        if (closed) {
            throw new IllegalStateException("this run has ended");
        }
        nested.add(made);
        if (made instanceof AutoCloseable c) {
            toClose.push(c);
        }
        return made;
    }

    private synchronized void push(AutoCloseable c) {
        if (closed) {
            throw new IllegalStateException("this run has ended");
        }
        toClose.push(c);
    }

    @Override
    public Map<String, String> environment() {
        return instance.environment();
    }

    @Override
    public Path cacheDir() {
        return instance.cacheDir();
    }

    @Override
    public Path dataDir() {
        return instance.dataDir();
    }

    @Override
    public Optional<Path> responseCacheDir() {
        return instance.responseCacheDir();
    }

    @Override
    public BaseGenerator generator(String id, Map<String, ?> params) {
        return nest(instance.registry().generator(id, params, this));
    }

    @Override
    public BaseScorer scorer(String id, Map<String, ?> params) {
        return nest(instance.registry().scorer(id, params, this));
    }

    @Override
    public BaseGeneratorProcessor processor(String id, Map<String, ?> params) {
        return nest(instance.registry().processor(id, params, this));
    }

    @Override
    public <T extends Plugin> Optional<T> plugin(Class<T> kind, String id) {
        return instance.plugin(kind, id);
    }

    @Override
    public RowReader openDataset(DatasetSource source) {
        return instance.openDataset(source, this);
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> create) {
        return instance.shared(type, create);
    }

    @Override
    public void closeLater(AutoCloseable resource) {
        synchronized (this) {
            nested.add(resource);
        }
        push(resource);
    }

    /** Closes what was configured for the run, last first; failures are logged, the rest still closed. */
    @Override
    public void close() {
        Deque<AutoCloseable> closing;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = new ArrayDeque<>(toClose);
            toClose.clear();
        }
        InstanceContext.closeAll(closing, "a run");
    }
}
