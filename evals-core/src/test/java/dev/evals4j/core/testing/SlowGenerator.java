package dev.evals4j.core.testing;

import dev.evals4j.api.GenerationInput;
import dev.evals4j.api.GenerationResponse;
import dev.evals4j.api.ModelCallException;
import dev.evals4j.api.PreprocessedSample;
import dev.evals4j.api.Usage;
import dev.evals4j.api.spi.BaseGenerator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code test-slow}: answers the question text back after a short pause, counting calls and the most calls in
 * flight at once; fails for questions in {@link #failing}. A fake for pipeline tests.
 */
public final class SlowGenerator implements BaseGenerator {
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final Set<String> asked = ConcurrentHashMap.newKeySet();
    /** The names of the threads that called it. */
    public final Set<String> threads = ConcurrentHashMap.newKeySet();

    private final long pauseMillis;

    public SlowGenerator(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    public SlowGenerator() {
        this(0);
    }

    @Override
    public String id() {
        return "test-slow";
    }

    @Override
    public String description() {
        return "echoes the question after a pause (test fake)";
    }

    @Override
    public GenerationResponse generate(PreprocessedSample sample) {
        calls.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
            GenerationInput.Chat chat = (GenerationInput.Chat) sample.input();
            String question = chat.messages().get(chat.messages().size() - 1).content();
            asked.add(question + "#" + sample.epoch());
            if (failing.contains(question)) {
                throw new ModelCallException("the server answered 500 for '" + question + "'", true, 500, null);
            }
            String answer = question.endsWith("?") && sample.epoch() % 2 == 1 ? "wrong" : question;
            return new GenerationResponse(answer, List.of(), Optional.of(new Usage(3, 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelCallException("interrupted", true, 0, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
