package dev.evals4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Every Java and Maven snippet of the README and of docs/ builds: Java snippets are compiled against evals4j's
 * modules (a statement snippet inside a method, a class snippet as it is), Maven snippets are parsed and their
 * evals4j dependencies checked against the BOM.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("```(java|xml)[^\\n]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "(?m)^(@\\w+(\\([^)]*\\))?\\s+)*(public\\s+|abstract\\s+|final\\s+)*(class|record|interface|enum|@interface)"
                    + "\\s+(\\w+)");
    private static final String IMPORTS =
            """
            import dev.evals4j.api.*;
            import dev.evals4j.api.spi.*;
            import dev.evals4j.core.*;
            import dev.evals4j.core.generation.*;
            import dev.evals4j.core.http.*;
            import dev.evals4j.core.plugins.*;
            import dev.evals4j.core.results.*;
            import dev.evals4j.hf.*;
            import dev.evals4j.junit.*;
            import dev.evals4j.junit.kit.*;
            import dev.evals4j.junit.server.*;
            import dev.evals4j.server.*;
            import dev.evals4j.core.scoring.*;
            import dev.evals4j.core.reports.*;
            import java.nio.file.*;
            import java.time.*;
            import java.util.*;
            import java.util.stream.*;
            import org.junit.jupiter.api.*;
            import org.junit.jupiter.api.io.*;
            import org.junit.jupiter.params.ParameterizedTest;
            import static dev.evals4j.junit.EvalAssertions.assertThat;
            import static org.assertj.core.api.Assertions.assertThat;
            """;

    /**
     * Types the docs use by name as stand-ins for the reader's own (their scorer, their application), added to a
     * snippet that does not declare them.
     */
    private static final List<String> STAND_INS = List.of(
            """
            final class MyScorer implements BaseScorer {
                public String id() { return "my::scorer"; }
                public String description() { return "a reader's scorer"; }
                public ScoreResult score(ScorerInputSample sample) { return ScoreResult.correct(true); }
            }
            """,
            """
            final class MyDomainScorer implements BaseScorer {
                public String id() { return "my::domain"; }
                public String description() { return "a reader's scorer"; }
                public ScoreResult score(ScorerInputSample sample) { return ScoreResult.correct(true); }
            }
            """,
            """
            final class MyGenerator implements BaseGenerator {
                public String id() { return "my-generator"; }
                public String description() { return "a reader's generator"; }
                public GenerationResponse generate(PreprocessedSample sample) { return GenerationResponse.of("4"); }
            }
            """,
            """
            final class MyProcessor implements BaseGeneratorProcessor {
                public String id() { return "my-processor"; }
                public String description() { return "a reader's processor"; }
                public PreprocessedSample preprocess(DatasetSample sample) { throw new UnsupportedOperationException(); }
                public ScorerInputSample postprocess(DatasetSample sample, GenerationResponse response) {
                    throw new UnsupportedOperationException();
                }
            }
            """,
            """
            final class MyDataset implements BaseDataset {
                public String id() { return "my-format"; }
                public String description() { return "a reader's dataset"; }
                public boolean accepts(DatasetSource source) { return false; }
            }
            """);

    @TempDir
    Path out;

    /** One fenced block of a Markdown file. */
    record Snippet(Path file, int line, String language, String code) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> out = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher m = FENCE.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                out.add(new Snippet(f, line, m.group(1), m.group(2)));
            }
        }
        return out;
    }

    /** Docs whose Java needs a module this one cannot depend on; they are compiled by that module's tests. */
    static final Set<String> COMPILED_ELSEWHERE = Set.of("spark.md"); // evals-spark's SparkDocSnippetsTest

    @Test
    void everyJavaSnippetCompiles() throws IOException {
        List<Snippet> java = snippets().stream()
                .filter(s -> s.language().equals("java"))
                .filter(s -> !COMPILED_ELSEWHERE.contains(s.file().getFileName().toString()))
                .toList();
        assertThat(java).hasSizeGreaterThan(5);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < java.size(); i++) {
            problems.addAll(compile(java.get(i), i));
        }
        assertThat(problems).as("snippets that do not compile").isEmpty();
    }

    private static String standIns(String code) {
        StringBuilder out = new StringBuilder();
        for (String type : STAND_INS) {
            Matcher declared = Pattern.compile("class (\\w+)").matcher(type);
            declared.find();
            String name = declared.group(1);
            if (Pattern.compile("\\b" + name + "\\b").matcher(code).find()
                    && !Pattern.compile("\\bclass " + name + "\\b")
                            .matcher(code)
                            .find()) {
                out.append(type);
            }
        }
        return out.toString();
    }

    private List<String> compile(Snippet snippet, int n) throws IOException {
        String code = snippet.code();
        Matcher type = TOP_LEVEL_TYPE.matcher(code);
        String name;
        String unit;
        int offset; // lines added before the snippet's first line
        if (type.find()) {
            name = type.group(5);
            StringBuilder kept = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String l : code.split("\n", -1)) {
                (l.startsWith("import ") || l.startsWith("package ") ? kept : body)
                        .append(l)
                        .append('\n');
            }
            unit = kept + IMPORTS + body + standIns(code);
            offset = (int) IMPORTS.lines().count();
        } else {
            name = "Snippet" + n;
            String head = IMPORTS + "class " + name + " {\n"
                    + "    interface App { String answer(String question); }\n"
                    + "    Evals evals; String key = \"\"; App myApp; EvalResult result; EvalResult baseline; EvalResult candidate;\n"
                    + "    void run() throws Exception {\n";
            unit = head + code + "\n    }\n}\n" + standIns(code);
            offset = (int) head.lines().count();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path dir = Files.createDirectories(out.resolve("s" + n));
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            JavaFileObject source =
                    new SimpleJavaFileObject(
                            java.net.URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return unit;
                        }
                    };
            boolean ok = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of(
                                    "-proc:none",
                                    "--release",
                                    "17",
                                    "-classpath",
                                    System.getProperty("java.class.path"),
                                    "-d",
                                    dir.toString()),
                            null,
                            List.of(source))
                    .call();
            if (ok) {
                return List.of();
            }
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                long line = d.getLineNumber() - offset;
                problems.add(snippet.where() + " (snippet line " + line + "): " + d.getMessage(Locale.ROOT));
            }
        }
        return problems;
    }

    @Test
    void everyMavenSnippetParsesAndNamesOnlyWhatTheBomManages() throws Exception {
        Set<String> managed = bomArtifacts();
        List<Snippet> xml =
                snippets().stream().filter(s -> s.language().equals("xml")).toList();
        assertThat(xml).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Snippet s : xml) {
            Document doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new InputSource(new StringReader("<snippet>" + s.code() + "</snippet>")));
            NodeList deps = doc.getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                if (!"dev.evals4j".equals(text(d, "groupId"))) {
                    continue;
                }
                String artifact = text(d, "artifactId");
                String version = text(d, "version");
                if (!managed.contains(artifact) && !artifact.equals("evals-bom")) {
                    problems.add(s.where() + ": " + artifact + " is not in the BOM (" + managed + ")");
                }
                if (!artifact.equals("evals-bom") && !version.isEmpty()) {
                    problems.add(s.where() + ": " + artifact + " gives a version; the BOM gives it");
                }
                if (artifact.equals("evals-bom") && !version.equals(projectVersion())) {
                    problems.add(s.where() + ": the BOM's version is " + version + ", not " + projectVersion());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    }

    private static Set<String> bomArtifacts() throws Exception {
        Document bom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("evals-bom/pom.xml").toFile());
        Set<String> out = new java.util.TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            out.add(text((Element) deps.item(i), "artifactId"));
        }
        return out;
    }

    private static String projectVersion() throws Exception {
        Document bom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("evals-bom/pom.xml").toFile());
        return text(bom.getDocumentElement(), "version");
    }
}
