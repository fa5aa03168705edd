package dev.evals4j.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.UnknownPluginException;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.core.testing.BrokenScorer;
import dev.evals4j.core.testing.ExactScorer;
import dev.evals4j.core.testing.FailingScorer;
import dev.evals4j.core.testing.OtherExactScorer;
import dev.evals4j.core.testing.TestEvals;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
    @TempDir
    Path dir;

    private ClassLoader servicesLoader(String... scorerClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(BaseScorer.class.getName()), String.join("\n", scorerClasses) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void discoversProvidersDeclaredInMetaInfServices() throws IOException {
        PluginRegistry registry = PluginRegistry.builder()
                .classLoader(servicesLoader(ExactScorer.class.getName(), FailingScorer.class.getName()))
                .build();

        assertThat(registry.ids(PluginKind.SCORER)).containsExactly("test::exact", "test::fails-on-yen");
        assertThat(registry.ids(PluginKind.DATASET)).containsExactly("data", "file", "http", "rows");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void aBrokenProviderIsReportedAndTheOthersStillLoad() throws IOException {
        PluginRegistry registry = PluginRegistry.builder()
                .classLoader(servicesLoader(
                        BrokenScorer.class.getName(), "com.example.Missing", ExactScorer.class.getName()))
                .build();

        assertThat(registry.ids(PluginKind.SCORER)).containsExactly("test::exact");
        assertThat(registry.problems()).hasSize(2);
        assertThat(registry.problems().get(0)).contains(BrokenScorer.class.getName());
        assertThat(registry.problems().get(1)).contains("com.example.Missing");
    }

    @Test
    void twoProvidersWithOneIdFailNamingBothClasses() throws IOException {
        ClassLoader loader = servicesLoader(ExactScorer.class.getName(), OtherExactScorer.class.getName());

        assertThatThrownBy(() -> PluginRegistry.builder().classLoader(loader).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("two scorer plugins have the id 'test::exact': dev.evals4j.core.testing.ExactScorer and"
                        + " dev.evals4j.core.testing.OtherExactScorer; remove one of them from the class path (or"
                        + " from META-INF/services)");
    }

    @Test
    void discoveryCanBeSwitchedOffInFavourOfExplicitRegistration() throws IOException {
        PluginRegistry registry = PluginRegistry.builder()
                .classLoader(servicesLoader(FailingScorer.class.getName()))
                .discovery(false)
                .register(new ExactScorer())
                .build();

        assertThat(registry.ids(PluginKind.SCORER)).containsExactly("test::exact");
        assertThat(registry.ids(PluginKind.DATASET)).isEmpty();
    }

    @Test
    void anExplicitPluginAlsoDiscoveredIsKeptOnce() throws IOException {
        ExactScorer explicit = new ExactScorer();
        PluginRegistry registry = PluginRegistry.builder()
                .classLoader(servicesLoader(ExactScorer.class.getName()))
                .register(explicit)
                .build();

        assertThat(registry.get(PluginKind.SCORER, "test::exact")).isSameAs(explicit);
    }

    @Test
    void anUnknownIdListsTheKnownIdsAndAsksAboutTheNearest() {
        PluginRegistry registry = PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .build();

        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("test::exakt", Map.of()))
                .isInstanceOf(UnknownPluginException.class)
                .hasMessage("unknown scorer id 'test::exakt'; did you mean test::exact? Known ids: test::exact")
                .satisfies(e ->
                        assertThat(((UnknownPluginException) e).suggestions()).containsExactly("test::exact"));
        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("test::other", Map.of()))
                .hasMessage("unknown scorer id 'test::other'; known ids: test::exact");
    }

    @Test
    void anUnknownIdOfAModuleNotOnTheClassPathNamesTheModule() {
        PluginRegistry registry = PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .build();

        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("braintrust::factuality", Map.of()))
                .hasMessage("unknown scorer id 'braintrust::factuality': it belongs to the module evals-scorers,"
                        + " which is not on the class path. Make sure to add dev.evals4j:evals-scorers as a"
                        + " dependency; known ids: test::exact");
        assertThatThrownBy(() -> PluginRegistry.builder()
                        .build()
                        .datasetFor(DatasetSource.uri("hf://datasets/TIGER-Lab/MMLU-Pro")))
                .hasMessage("no dataset source reads URIs with the scheme 'hf'; they are read by the module evals-hf,"
                        + " which is not on the class path. Make sure to add dev.evals4j:evals-hf as a dependency;"
                        + " known dataset sources: data, file, http, rows");
    }

    @Test
    void anUnknownIdOfAModuleThatIsThereIsAnsweredWithTheNearestIdsWhateverJarHoldsIt() {
        // as in evals-spark's application jar, which bundles evals-scorers: its jar names no module
        PluginRegistry registry = PluginRegistry.builder()
                .discovery(false)
                .register(new BaseScorer() {
                    @Override
                    public String id() {
                        return "basic::equality";
                    }

                    @Override
                    public String description() {
                        return "a stand-in with evals-scorers' id";
                    }

                    @Override
                    public ScoreResult score(ScorerInputSample sample) {
                        return ScoreResult.correct(true);
                    }
                })
                .build();

        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("basic::equalty", Map.of()))
                .hasMessage("unknown scorer id 'basic::equalty'; did you mean basic::equality? Known ids:"
                        + " basic::equality");
    }

    @Test
    void configuringReturnsANewInstanceAndLeavesTheDiscoveredOneAlone() {
        ExactScorer discovered = new ExactScorer();
        PluginRegistry registry =
                PluginRegistry.builder().discovery(false).register(discovered).build();

        BaseScorer configured = TestEvals.with(registry).context().scorer("test::exact", Map.of("ignore_case", true));

        assertThat(configured).isNotSameAs(discovered);
        assertThat(((ExactScorer) configured).ignoresCase()).isTrue();
        assertThat(discovered.ignoresCase()).isFalse();
        assertThat(((ExactScorer) TestEvals.with(registry).context().scorer("test::exact", Map.of())).ignoresCase())
                .isFalse();
    }

    @Test
    void unknownOrMistypedParametersAreRejectedNamingTheAcceptedOnes() {
        PluginRegistry registry = PluginRegistry.builder()
                .discovery(false)
                .register(new ExactScorer())
                .build();

        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("test::exact", Map.of("ignorecase", true)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown parameter 'ignorecase' for test::exact; accepted: ignore_case (a boolean)");
        assertThatThrownBy(() -> TestEvals.with(registry).context().scorer("test::exact", Map.of("ignore_case", "yes")))
                .hasMessage("parameter 'ignore_case' of test::exact must be a boolean, was a string (\"yes\");"
                        + " accepted: ignore_case (a boolean)");
    }

    @Test
    void infosNameTheModuleEachPluginCameFrom() {
        PluginRegistry registry =
                PluginRegistry.builder().register(new ExactScorer()).build();

        assertThat(registry.infos())
                .filteredOn(i -> i.id().equals("file"))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.module()).isEqualTo("evals-core");
                    assertThat(i.kind()).isEqualTo(PluginKind.DATASET);
                });
    }
}
