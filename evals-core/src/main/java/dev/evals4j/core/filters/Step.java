package dev.evals4j.core.filters;

import java.util.ArrayList;
import java.util.List;

/**
 * A filter that also says which responses hold no answer: an extracting step (a regex, a JSON field, a number) marks a
 * response it found nothing in, and every later step keeps the mark, so that a scorer can tell "no answer" from a
 * wrong one.
 */
interface Step extends Filter {

    /** One response on its way through the chain: its text, and whether an extracting step found nothing in it. */
    record Candidate(String text, boolean missing) {}

    /** Filters the candidates of one sample. */
    List<Candidate> run(List<Candidate> candidates);

    @Override
    default List<String> apply(List<String> responses) {
        List<Candidate> in = new ArrayList<>(responses.size());
        for (String r : responses) {
            in.add(new Candidate(r, false));
        }
        List<String> out = new ArrayList<>();
        for (Candidate c : run(in)) {
            out.add(c.text());
        }
        return out;
    }

    /** A step for any filter: a filter that keeps the number of responses keeps their marks. */
    static Step of(Filter filter) {
        if (filter instanceof Step step) {
            return step;
        }
        return candidates -> {
            List<String> texts = new ArrayList<>(candidates.size());
            for (Candidate c : candidates) {
                texts.add(c.text());
            }
            List<String> out = filter.apply(texts);
            List<Candidate> result = new ArrayList<>(out.size());
            for (int i = 0; i < out.size(); i++) {
                boolean missing =
                        out.size() == candidates.size() && candidates.get(i).missing();
                result.add(new Candidate(out.get(i), missing));
            }
            return result;
        };
    }
}
