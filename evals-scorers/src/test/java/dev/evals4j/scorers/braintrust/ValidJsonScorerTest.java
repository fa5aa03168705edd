package dev.evals4j.scorers.braintrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.ScoreResult;
import dev.evals4j.api.ScorerInputSample;
import dev.evals4j.api.spi.BaseScorer;
import dev.evals4j.api.spi.Params;
import dev.evals4j.junit.kit.ScorerContractTest;
import dev.evals4j.scorers.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class ValidJsonScorerTest extends ScorerContractTest {
    private final ValidJsonScorer scorer = new ValidJsonScorer();

    /** What Pydantic 2.13 emits for a Person model with a list of Address models: the nested model is a $ref. */
    private static final String PERSON_SCHEMA =
            """
            {
              "$defs": {
                "Address": {
                  "properties": {
                    "street": {"title": "Street", "type": "string"},
                    "city": {"title": "City", "type": "string"},
                    "zip": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Zip"}
                  },
                  "required": ["street", "city"],
                  "title": "Address",
                  "type": "object"
                }
              },
              "properties": {
                "name": {"title": "Name", "type": "string"},
                "age": {"title": "Age", "type": "integer"},
                "addresses": {"items": {"$ref": "#/$defs/Address"}, "title": "Addresses", "type": "array"},
                "kind": {"enum": ["customer", "staff"], "title": "Kind", "type": "string"}
              },
              "required": ["name", "age", "addresses", "kind"],
              "title": "Person",
              "type": "object"
            }
            """;

    @Override
    protected BaseScorer scorer() {
        return new ValidJsonScorer();
    }

    @Override
    protected Map<String, Object> configuredParameters() {
        return Map.of("schema", Map.of("type", "object", "required", List.of("a")));
    }

    private BaseScorer withSchema(Object schema) {
        return scorer.configure(Params.resolve(scorer.id(), scorer.parameters(), Map.of("schema", schema)));
    }

    private static double score(BaseScorer configured, Object output) {
        return configured.score(ScorerInputSample.of(output, null)).numeric().orElseThrow();
    }

    @Test
    void aSchemaGivenAsJsonTextWorksAsAnObject() {
        BaseScorer configured = withSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertThat(score(configured, "{\"a\":\"x\"}")).isEqualTo(1.0);
        assertThat(score(configured, "{\"a\":1}")).isEqualTo(0.0);
    }

    @Test
    void aPydanticSchemaFollowsItsRefsIntoDefs() {
        BaseScorer configured = withSchema(PERSON_SCHEMA);
        assertThat(
                        score(
                                configured,
                                "{\"name\": \"Ada\", \"age\": 36, \"kind\": \"staff\","
                                        + " \"addresses\": [{\"street\": \"1 Main St\", \"city\": \"London\", \"zip\": null}]}"))
                .isEqualTo(1.0);
        // each of these breaks a rule that lives in $defs/Address, reached only through the $ref
        assertThat(score(
                        configured,
                        "{\"name\": \"Ada\", \"age\": 36, \"kind\": \"staff\","
                                + " \"addresses\": [{\"street\": \"1 Main St\"}]}"))
                .as("city is required in an Address")
                .isEqualTo(0.0);
        assertThat(
                        score(
                                configured,
                                "{\"name\": \"Ada\", \"age\": 36, \"kind\": \"staff\","
                                        + " \"addresses\": [{\"street\": \"1 Main St\", \"city\": \"London\", \"zip\": 12345}]}"))
                .as("zip is a string or null")
                .isEqualTo(0.0);
        assertThat(score(configured, "{\"name\": \"Ada\", \"age\": 36, \"kind\": \"admin\", \"addresses\": []}"))
                .as("kind is one of the Literal's values")
                .isEqualTo(0.0);
    }

    @Test
    void aRemoteRefIsRefusedWhenConfiguredAndNeverFetched() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            String address = server.url("/schemas/address.json").toString();
            Map<String, Object> schema =
                    Map.of("type", "object", "properties", Map.of("address", Map.of("$ref", address)));
            assertThatThrownBy(() -> withSchema(schema))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("parameter 'schema' of braintrust::valid-json: the schema refers to '" + address
                            + "', which is outside it: remote references are never fetched; copy the referenced"
                            + " schema under \"$defs\" and refer to it as \"#/$defs/<name>\"");
            assertThat(server.getRequestCount())
                    .as("requests to the referenced server")
                    .isZero();
        }
    }

    @Test
    void aRelativeRefIsResolvedAgainstTheIdAndRefusedByItsFullAddress() {
        assertThatThrownBy(() -> withSchema(
                        "{\"$id\": \"https://example.com/schemas/person.json\", \"$ref\": \"address.json\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'schema' of braintrust::valid-json: the schema refers to"
                        + " 'https://example.com/schemas/address.json', which is outside it");
    }

    @Test
    void aFileOrClasspathRefIsRefusedToo() {
        assertThatThrownBy(() -> withSchema("{\"$ref\": \"file:///etc/passwd\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'schema' of braintrust::valid-json: the schema refers to"
                        + " 'file:///etc/passwd', which is outside it");
        assertThatThrownBy(() -> withSchema("{\"$ref\": \"classpath:draft-07/schema\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'schema' of braintrust::valid-json: the schema refers to"
                        + " 'classpath:draft-07/schema', which is outside it");
    }

    @Test
    void aRefToADraftsOwnMetaSchemaUsesTheBundledCopy() {
        BaseScorer configured = withSchema("{\"$ref\": \"https://json-schema.org/draft/2020-12/schema\"}");
        assertThat(score(configured, "{\"type\": \"string\"}")).isEqualTo(1.0);
        assertThat(score(configured, "{\"type\": 12}")).isEqualTo(0.0);
    }

    @Test
    void aRefThatOnlyValidationReachesEndsUnscoredInsteadOfBeingFetched() {
        // a $dynamicRef is resolved when validation reaches it, not when the schema is compiled
        BaseScorer configured = withSchema("{\"$dynamicRef\": \"https://example.com/tree#node\"}");
        assertThat(configured.score(ScorerInputSample.of("{}", null)))
                .isEqualTo(ScoreResult.unscored("the schema refers to 'https://example.com/tree', which is outside"
                        + " it: remote references are never fetched; copy the referenced schema under \"$defs\" and"
                        + " refer to it as \"#/$defs/<name>\""));
    }

    @Test
    void aDynamicRefToNoAnchorEndsUnscored() {
        // Python's jsonschema raises NoSuchAnchor here, out of autoevals' ValidJSON
        assertThat(withSchema("{\"$dynamicRef\": \"#missing\"}").score(ScorerInputSample.of("{}", null)))
                .isEqualTo(ScoreResult.unscored("the schema cannot be applied: Reference missing cannot be resolved"));
    }

    @Test
    void aRefLoopThatNeverChecksTheValueEndsUnscored() {
        // Python's jsonschema ends with a RecursionError here
        assertThat(withSchema("{\"$ref\": \"#\"}").score(ScorerInputSample.of("{}", null)))
                .isEqualTo(ScoreResult.unscored(
                        "validation recursed too deeply: the schema's references loop without checking the value"));
    }

    @Test
    void aRefThatResolvesToNothingIsRefused() {
        assertThatThrownBy(() -> withSchema("{\"properties\": {\"a\": {\"$ref\": \"#/$defs/Missing\"}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: the schema cannot be compiled: Reference"
                        + " /$defs/Missing cannot be resolved");
    }

    @Test
    void formatIsAnAnnotationAsInPythonJsonschema() {
        assertThat(score(withSchema("{\"type\": \"string\", \"format\": \"email\"}"), "\"not an email\""))
                .isEqualTo(1.0);
        // the library would assert formats under draft 7 and earlier; Python's validate never does
        assertThat(score(
                        withSchema("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"format\": \"ipv4\"}"),
                        "\"999.1.1.1\""))
                .isEqualTo(1.0);
        assertThat(score(withSchema("{\"format\": \"no-such-format\"}"), "\"x\""))
                .isEqualTo(1.0);
    }

    @Test
    void patternIsAPythonRegexSearchedAnywhereInTheString() {
        assertThat(score(withSchema("{\"pattern\": \"\\\\d{3}\"}"), "\"abc123def\""))
                .isEqualTo(1.0);
        assertThat(score(withSchema("{\"pattern\": \"^\\\\d{3}$\"}"), "\"abc123\""))
                .isEqualTo(0.0);
        assertThat(score(withSchema("{\"pattern\": \"(?P<area>\\\\d{3})-(?P=area)\"}"), "\"555-555\""))
                .as("Python's named groups and back-references")
                .isEqualTo(1.0);
        assertThat(score(withSchema("{\"pattern\": \"^\\\\d+$\"}"), "\"٣٤\""))
                .as("\\d matches any Unicode digit, as in Python")
                .isEqualTo(1.0);
        assertThat(score(withSchema("{\"pattern\": \"^a.b$\"}"), "\"a\\nb\""))
                .as(". stops at a newline")
                .isEqualTo(0.0);
        assertThat(score(
                        withSchema("{\"patternProperties\": {\"^x_\\\\d+$\": {\"type\": \"string\"}}}"),
                        "{\"x_1\": 5}"))
                .isEqualTo(0.0);
    }

    @Test
    void anInvalidPatternIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> withSchema("{\"properties\": {\"a\": {\"pattern\": \"[\"}}}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: invalid regular expression '[':"
                        + " unterminated character set at position 0");
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsUnscored() {
        BaseScorer configured = withSchema("{\"pattern\": \"x.*y.*z\"}");
        assertThat(configured.score(ScorerInputSample.of("\"" + "x".repeat(5000) + "\"", null)))
                .isEqualTo(ScoreResult.unscored("the regex 'x.*y.*z' needed too many steps on a 5000-character input"
                        + " (catastrophic backtracking?)"));
    }

    @Test
    void withoutSchemaKeywordTheDraftIs2020_12() {
        assertThat(score(withSchema("{\"prefixItems\": [{\"type\": \"string\"}]}"), "[1]"))
                .isEqualTo(0.0);
        assertThatThrownBy(() -> withSchema("{\"items\": [{\"type\": \"string\"}]}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: not a valid schema of"
                        + " https://json-schema.org/draft/2020-12/schema: /items array found, [object, boolean]"
                        + " expected");
    }

    @Test
    void theSchemaKeywordChoosesAnEarlierDraft() {
        BaseScorer draft7 = withSchema(
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"items\": [{\"type\": \"string\"}]}");
        assertThat(score(draft7, "[1]")).isEqualTo(0.0);
        assertThat(score(draft7, "[\"a\", 1]")).isEqualTo(1.0);
        BaseScorer draft4 =
                withSchema("{\"$schema\": \"http://json-schema.org/draft-04/schema\", \"type\": \"integer\"}");
        assertThat(score(draft4, "3.0"))
                .as("1.0 is an integer from draft 06 on only")
                .isEqualTo(0.0);
        assertThat(score(withSchema("{\"type\": \"integer\"}"), "3.0")).isEqualTo(1.0);
    }

    @Test
    void anUnknownSchemaKeywordValueIsRefusedWithTheKnownDrafts() {
        assertThatThrownBy(() -> withSchema("{\"$schema\": \"https://example.com/my-dialect\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: unknown $schema"
                        + " \"https://example.com/my-dialect\"; known: http://json-schema.org/draft-04/schema#,"
                        + " http://json-schema.org/draft-06/schema#, http://json-schema.org/draft-07/schema#,"
                        + " https://json-schema.org/draft/2019-09/schema, https://json-schema.org/draft/2020-12/schema"
                        + " (without $schema: https://json-schema.org/draft/2020-12/schema)");
    }

    @Test
    void aSchemaThatBreaksItsMetaSchemaIsRefused() {
        assertThatThrownBy(() -> withSchema("{\"type\": \"strin\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: not a valid schema of"
                        + " https://json-schema.org/draft/2020-12/schema: /type does not have a value in the"
                        + " enumeration [\"array\", \"boolean\", \"integer\", \"null\", \"number\", \"object\","
                        + " \"string\"]; /type string found, array expected");
    }

    @Test
    void aSchemaThatIsNeitherObjectNorBooleanIsRefused() {
        assertThatThrownBy(() -> withSchema(List.of("type", "object")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("parameter 'schema' of braintrust::valid-json: a JSON Schema must be an object or a"
                        + " boolean, was an array [\"type\",\"object\"]");
    }

    @Test
    void unknownKeywordsAreIgnoredAsPythonIgnoresThem() {
        // Pydantic writes OpenAPI's "discriminator" beside oneOf; a typo is no keyword either
        assertThat(score(withSchema("{\"requried\": [\"a\"], \"discriminator\": {\"propertyName\": \"k\"}}"), "{}"))
                .isEqualTo(1.0);
    }

    @Test
    void wholeDoublesEqualIntegersInsideConstEnumAndUniqueItems() {
        assertThat(score(withSchema("{\"const\": {\"x\": 1}}"), "{\"x\": 1.0}")).isEqualTo(1.0);
        assertThat(score(withSchema("{\"const\": {\"x\": 1}}"), "{\"x\": true}"))
                .isEqualTo(0.0);
        assertThat(score(withSchema("{\"uniqueItems\": true}"), "[1, 1.0]")).isEqualTo(0.0);
        assertThat(score(withSchema("{\"uniqueItems\": true}"), "[1, true]")).isEqualTo(1.0);
    }

    @Test
    void aSchemaThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> withSchema("{type: object}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("parameter 'schema' of braintrust::valid-json is not valid JSON: ");
    }

    @Test
    void theSameSchemaIsCompiledOnceWhetherGivenAsTextOrAsAnObject() {
        CompiledSchema fromText = CompiledSchema.compile(Json.parse(PERSON_SCHEMA));
        CompiledSchema again = CompiledSchema.compile(Json.parse(PERSON_SCHEMA));
        assertThat(again).isSameAs(fromText);
        assertThat(CompiledSchema.compile(Map.of("type", "string")))
                .isSameAs(CompiledSchema.compile(Json.parse("{\"type\": \"string\"}")));
    }

    @Test
    void onlyTheGeneratedAnswerIsRequired() {
        assertThat(scorer.requiredColumns()).containsExactly("generated_answer");
    }
}
