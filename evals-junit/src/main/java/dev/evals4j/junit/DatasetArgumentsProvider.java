package dev.evals4j.junit;

import dev.evals4j.api.DatasetDefinition;
import dev.evals4j.api.DatasetSample;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.Evals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclaration;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Reads the datasets of {@link EvalDatasetSource} into the arguments of a parameterized test. */
final class DatasetArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<EvalDatasetSource> {
    private EvalDatasetSource source;

    @Override
    public void accept(EvalDatasetSource annotation) {
        this.source = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        Class<?> first = parameters
                .getFirst()
                .<Class<?>>map(ParameterDeclaration::getParameterType)
                .orElse(Map.class);
        List<Arguments> out = new ArrayList<>();
        for (String uri : source.value()) {
            DatasetDefinition definition = DatasetDefinition.ofUri(uri);
            if (!source.format().isBlank()) {
                definition = definition.withFormat(source.format());
            }
            if (first == DatasetDefinition.class) {
                out.add(Arguments.of(definition));
                continue;
            }
            try (Evals evals = Evals.builder().build();
                    RowReader reader = evals.context().openDataset(definition.source())) {
                long index = 0;
                for (Optional<Map<String, Object>> row = reader.next();
                        row.isPresent() && (source.limit() <= 0 || index < source.limit());
                        row = reader.next(), index++) {
                    out.add(
                            first == DatasetSample.class
                                    ? Arguments.of(new DatasetSample(index, row.get()))
                                    : Arguments.of(row.get()));
                }
            }
        }
        return out.stream();
    }
}
