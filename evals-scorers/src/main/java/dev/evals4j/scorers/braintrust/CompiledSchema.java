package dev.evals4j.scorers.braintrust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpressionFactory;
import com.networknt.schema.resource.MetaSchemaIdResolver;
import dev.evals4j.core.text.PythonRegex;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JSON Schema compiled once by networknt's json-schema-validator, validating as Python's
 * {@code jsonschema.validate} does by default (autoevals' Python ValidJSON calls it): the draft named by
 * {@code $schema} (04, 06, 07, 2019-09, 2020-12), else 2020-12; the schema is first checked against its draft's
 * meta-schema; {@code format} is an annotation, never an assertion; {@code pattern} and
 * {@code patternProperties} are Python regular expressions searched anywhere in the string, under a step budget;
 * unknown keywords are ignored. References resolve only inside the schema (and to the drafts' own meta-schemas,
 * which the library bundles): nothing is ever fetched, and a reference to anything else is refused.
 */
final class CompiledSchema {
    static final String DEFAULT_DRAFT = "https://json-schema.org/draft/2020-12/schema";

    /** The {@code $schema} values understood, each with and without an empty fragment. */
    static final List<String> KNOWN_DRAFTS = List.of(
            "http://json-schema.org/draft-04/schema#",
            "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft/2019-09/schema",
            "https://json-schema.org/draft/2020-12/schema");

    private static final int CACHE_SIZE = 64;

    /**
     * Compiled schemas by their JSON text, least recently used first; guarded by itself. A run configures its
     * scorer once, but a caller that configures per row (with the same schema every time) compiles only once.
     */
    private static final Map<String, CompiledSchema> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledSchema> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** Python's {@code re.search}, as jsonschema's pattern keywords use it, with PythonRegex's step budget. */
    private static final RegularExpressionFactory PYTHON_REGEX = regex -> {
        PythonRegex compiled = PythonRegex.compile(regex);
        return text -> compiled.search(text).isPresent();
    };

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(false)
                            .regularExpressionFactory(PYTHON_REGEX)
                            .build())
                    .schemaLoader(loader -> loader.allow(CompiledSchema::bundled)));

    private final Schema schema;
    private final boolean draft04;

    private CompiledSchema(Schema schema, boolean draft04) {
        this.schema = schema;
        this.draft04 = draft04;
    }

    /** Thrown when a value cannot be validated because the schema cannot be applied to it; says why. */
    static class SchemaProblemException extends IllegalStateException {
        SchemaProblemException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown instead of loading a document from outside the schema, naming it. */
    static final class RemoteReferenceException extends SchemaProblemException {
        RemoteReferenceException(String reference) {
            super(
                    "the schema refers to '" + reference + "', which is outside it: remote references are never "
                            + "fetched; copy the referenced schema under \"$defs\" and refer to it as"
                            + " \"#/$defs/<name>\"",
                    null);
        }
    }

    /**
     * Compiles a schema given as plain Java values (maps, lists, strings, numbers, booleans, {@code null}).
     *
     * @throws IllegalArgumentException when it is not a valid schema of its draft, names an unknown draft, or
     *     refers to a document outside it; the message says which
     */
    static CompiledSchema compile(Object schema) {
        JsonNode node = toNode(schema);
        String key = node.toString();
        synchronized (CACHE) {
            CompiledSchema cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        CompiledSchema compiled = doCompile(node);
        synchronized (CACHE) {
            CACHE.put(key, compiled);
        }
        return compiled;
    }

    private static CompiledSchema doCompile(JsonNode node) {
        if (!node.isObject() && !node.isBoolean()) {
            throw new IllegalArgumentException(
                    "a JSON Schema must be an object or a boolean, was " + kind(node) + " " + abbreviate(node));
        }
        String draft = DEFAULT_DRAFT;
        if (node.has("$schema")) {
            JsonNode given = node.get("$schema");
            draft = KNOWN_DRAFTS.stream()
                    .filter(d -> given.isTextual() && stripFragment(d).equals(stripFragment(given.asText())))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown $schema " + given + "; known: "
                            + String.join(", ", KNOWN_DRAFTS) + " (without $schema: " + DEFAULT_DRAFT + ")"));
        }
        boolean draft04 = draft.startsWith("http://json-schema.org/draft-04/");
        if (!draft04) {
            node = integralDoublesAsIntegers(node);
        }
        if (node.isObject()) {
            checkAgainstMetaSchema(node, draft);
        }
        try {
            Schema compiled = REGISTRY.getSchema(node);
            // resolves every $ref now, so that a bad one is refused when the scorer is configured
            compiled.initializeValidators();
            return new CompiledSchema(compiled, draft04);
        } catch (RuntimeException e) {
            RemoteReferenceException remote = remoteCause(e);
            if (remote != null) {
                throw new IllegalArgumentException(remote.getMessage(), e);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException invalidPattern) {
                    // PythonRegex's "invalid regular expression '…': …", from pattern or patternProperties
                    throw new IllegalArgumentException(invalidPattern.getMessage(), e);
                }
            }
            throw new IllegalArgumentException("the schema cannot be compiled: " + e.getMessage(), e);
        }
    }

    /** Python's {@code validate} first checks the schema against its draft's meta-schema ({@code check_schema}). */
    private static void checkAgainstMetaSchema(JsonNode node, String draft) {
        List<com.networknt.schema.Error> problems =
                REGISTRY.getSchema(SchemaLocation.of(draft)).validate(node);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("not a valid schema of " + draft + ": "
                    + problems.stream()
                            .map(CompiledSchema::describe)
                            .distinct()
                            .limit(3)
                            .collect(Collectors.joining("; ")));
        }
    }

    /**
     * Whether the value is valid against the schema.
     *
     * @throws SchemaProblemException when validation reaches a reference that compiling did not resolve (such as
     *     a {@code $dynamicRef}) and it points outside the schema ({@link RemoteReferenceException}) or nowhere
     * @throws dev.evals4j.core.text.RegexBudgetExceededException when a pattern backtracks without end
     */
    boolean validates(Object value) {
        JsonNode instance = toNode(value);
        if (!draft04) {
            instance = integralDoublesAsIntegers(instance);
        }
        try {
            return schema.validate(instance).isEmpty();
        } catch (SchemaException e) {
            RemoteReferenceException remote = remoteCause(e);
            throw remote != null
                    ? remote
                    : new SchemaProblemException("the schema cannot be applied: " + e.getMessage(), e);
        } catch (StackOverflowError e) {
            // a schema such as {"$ref": "#"} refers to itself without ever checking the value; Python's
            // jsonschema ends with a RecursionError there
            throw new SchemaProblemException(
                    "validation recursed too deeply: the schema's references loop without checking the value", e);
        }
    }

    private static RemoteReferenceException remoteCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteReferenceException r) {
                return r;
            }
        }
        return null;
    }

    /** Allows only the drafts' own meta-schemas, which the library bundles; refuses everything else. */
    private static boolean bundled(AbsoluteIri iri) {
        AbsoluteIri mapped = MetaSchemaIdResolver.getInstance().resolve(iri);
        if (mapped != null && mapped.toString().startsWith("classpath:")) {
            String resource = mapped.toString().substring("classpath:".length());
            if (Schema.class.getClassLoader().getResource(resource) != null) {
                return true;
            }
        }
        throw new RemoteReferenceException(iri.toString());
    }

    private static String describe(com.networknt.schema.Error error) {
        String at = error.getInstanceLocation() == null
                ? ""
                : error.getInstanceLocation().toString();
        return (at.isEmpty() ? "$" : at) + " " + error.getMessage();
    }

    private static String stripFragment(String iri) {
        return iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    /**
     * The tree with every whole double as an integer node. From draft 06 on, 1.0 is the integer 1, and Python
     * compares 1 and 1.0 as equal inside {@code const}, {@code enum} and {@code uniqueItems}; the library compares
     * nested values by node type, so whole doubles are made integers first. Draft 04, where 1.0 is not an
     * integer, is left as it is.
     */
    static JsonNode integralDoublesAsIntegers(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return JsonNodeFactory.instance.numberNode((long) d);
            }
            return node;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            for (JsonNode element : node) {
                copy.add(integralDoublesAsIntegers(element));
            }
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                copy.set(e.getKey(), integralDoublesAsIntegers(e.getValue()));
            }
            return copy;
        }
        return node;
    }

    /**
     * The JSON tree of a plain Java value, with numbers as Python's {@code json.loads} keeps them: integers
     * exact, fractions as doubles.
     */
    static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof String s) {
            return f.textNode(s);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return f.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (value instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode(list.size());
            for (Object o : list) {
                array.add(toNode(o));
            }
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = f.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                object.set(String.valueOf(e.getKey()), toNode(e.getValue()));
            }
            return object;
        }
        return f.textNode(value.toString());
    }
}
