package dev.evals4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    private static Map<String, Object> rowsDataset(String id, List<Map<String, Object>> rows) {
        return Map.of(
                "dataset_id",
                id,
                "purpose",
                "eval/question-answer",
                "source",
                Map.of("type", "rows", "rows", rows),
                "metadata",
                Map.of("team", "qa"));
    }

    private static List<Map<String, Object>> rows(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Map.<String, Object>of(
                        "input_query", "q" + i, "generated_answer", "a" + i, "expected_answer", "a" + i))
                .toList();
    }

    @Test
    void registersListsRetrievesAndUnregistersWithIdsThatHoldSlashes() {
        try (TestServer s = TestServer.start(dir)) {
            TestServer.Reply registered = s.post("/v1beta/datasets", rowsDataset("team/qa/v1", rows(3)));
            assertThat(registered.status()).isEqualTo(200);
            assertThat(registered.json().get("identifier").asText()).isEqualTo("team/qa/v1");
            assertThat(registered.json().get("type").asText()).isEqualTo("dataset");
            assertThat(registered.json().get("purpose").asText()).isEqualTo("eval/question-answer");
            assertThat(registered.json().at("/source/type").asText()).isEqualTo("rows");
            assertThat(registered.json().at("/source/rows")).hasSize(3);
            assertThat(registered.json().at("/metadata/team").asText()).isEqualTo("qa");

            JsonNode list = s.get("/v1beta/datasets").json().get("data");
            assertThat(list).hasSize(1);
            assertThat(s.get("/v1beta/datasets/team/qa/v1")
                            .json()
                            .get("identifier")
                            .asText())
                    .isEqualTo("team/qa/v1");
            // an encoded slash is the same id
            assertThat(s.get("/v1beta/datasets/team%2Fqa%2Fv1").status()).isEqualTo(200);
            // the older clients' path
            assertThat(s.get("/v1/datasets/team/qa/v1").status()).isEqualTo(200);

            TestServer.Reply gone = s.delete("/v1beta/datasets/team/qa/v1");
            assertThat(gone.status()).isEqualTo(200);
            TestServer.Reply missing = s.get("/v1beta/datasets/team/qa/v1");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.message())
                    .isEqualTo("Dataset 'team/qa/v1' not found. Use 'client.datasets.list()' to list available"
                            + " Datasets.");
        }
    }

    @Test
    void iteratesRowsInPagesWithHasMore() {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/v1beta/datasets", rowsDataset("d", rows(5)));
            JsonNode page =
                    s.get("/v1beta/datasetio/iterrows/d?start_index=1&limit=2").json();
            assertThat(page.get("data")).hasSize(2);
            assertThat(page.at("/data/0/input_query").asText()).isEqualTo("q1");
            assertThat(page.get("has_more").asBoolean()).isTrue();
            JsonNode last =
                    s.get("/v1beta/datasetio/iterrows/d?start_index=3&limit=2").json();
            assertThat(last.get("has_more").asBoolean()).isFalse();
            JsonNode all = s.get("/v1beta/datasetio/iterrows/d").json();
            assertThat(all.get("data")).hasSize(5);
            assertThat(all.get("has_more").asBoolean()).isFalse();
            assertThat(s.get("/v1beta/datasetio/iterrows/d?limit=-1").json().get("data"))
                    .hasSize(5);
            TestServer.Reply bad = s.get("/v1beta/datasetio/iterrows/d?limit=abc");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.message()).isEqualTo("the query parameter 'limit' must be a whole number, was 'abc'");
        }
    }

    @Test
    void appendedRowsReallyAppendAndSurviveARestart() {
        try (TestServer s = TestServer.start(dir)) {
            s.post("/v1beta/datasets", rowsDataset("d", rows(2)));
            TestServer.Reply appended = s.post(
                    "/v1beta/datasetio/append-rows/d",
                    Map.of(
                            "rows",
                            List.of(Map.of("input_query", "q9", "generated_answer", "x", "expected_answer", "y"))));
            assertThat(appended.status()).isEqualTo(204);
            assertThat(s.get("/v1beta/datasetio/iterrows/d").json().get("data")).hasSize(3);
        }
        try (TestServer again = TestServer.start(dir)) {
            JsonNode rows = again.get("/v1beta/datasetio/iterrows/d").json().get("data");
            assertThat(rows).hasSize(3);
            assertThat(rows.get(2).get("input_query").asText()).isEqualTo("q9");
            assertThat(again.get("/v1beta/datasets/d")
                            .json()
                            .at("/metadata/team")
                            .asText())
                    .isEqualTo("qa");
        }
    }

    @Test
    void readsCsvAndJsonlFilesAndDataUrls() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            Path jsonl = s.resource("test_dataset.jsonl");
            Path csv = s.resource("test_dataset.csv");
            for (Path file : List.of(jsonl, csv)) {
                String id = file.getFileName().toString();
                assertThat(s.post(
                                        "/v1beta/datasets",
                                        Map.of(
                                                "dataset_id",
                                                id,
                                                "purpose",
                                                "eval/question-answer",
                                                "source",
                                                Map.of(
                                                        "type",
                                                        "uri",
                                                        "uri",
                                                        file.toUri().toString())))
                                .status())
                        .isEqualTo(200);
                JsonNode rows = s.get("/v1beta/datasetio/iterrows/" + id).json().get("data");
                assertThat(rows).hasSize(5);
                assertThat(rows.get(0).get("expected_answer").asText()).isEqualTo("Paris");
            }
            String csvText = Files.readString(csv);
            String dataUrl = "data:text/csv;base64,"
                    + java.util.Base64.getEncoder()
                            .encodeToString(csvText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.post(
                    "/v1beta/datasets",
                    Map.of(
                            "dataset_id",
                            "inline",
                            "purpose",
                            "eval/messages-answer",
                            "source",
                            Map.of("uri", dataUrl)));
            assertThat(s.get("/v1beta/datasetio/iterrows/inline?limit=1")
                            .json()
                            .at("/data/0/generated_answer")
                            .asText())
                    .isEqualTo("London");
        }
    }

    @Test
    void refusesWhatUpstreamRefusedWithItsErrorShape() {
        try (TestServer s = TestServer.start(dir, b -> b.fileUris(false))) {
            TestServer.Reply purpose = s.post(
                    "/v1beta/datasets",
                    Map.of("purpose", "post-training/messages", "source", Map.of("rows", List.of())));
            assertThat(purpose.status()).isEqualTo(400);
            assertThat(purpose.json().get("error").get("message").asText())
                    .isEqualTo("'purpose' must be one of eval/question-answer, eval/messages-answer, was"
                            + " 'post-training/messages'");
            TestServer.Reply file = s.post(
                    "/v1beta/datasets",
                    Map.of("purpose", "eval/question-answer", "source", Map.of("uri", "/etc/passwd")));
            assertThat(file.status()).isEqualTo(400);
            assertThat(file.message())
                    .isEqualTo("this server reads no local files ('/etc/passwd'); give an http(s), data: or"
                            + " huggingface:// URI, or the rows");
            s.post("/v1beta/datasets", rowsDataset("d", rows(1)));
            TestServer.Reply twice = s.post("/v1beta/datasets", rowsDataset("d", rows(1)));
            assertThat(twice.status()).isEqualTo(400);
            assertThat(twice.message())
                    .isEqualTo("Object of type 'dataset' and identifier 'd' already exists. Unregister it first if you"
                            + " want to replace it.");
            TestServer.Reply notJson = s.post("/v1beta/datasets", "{not json");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(notJson.message()).startsWith("the request body is not valid JSON: ");
            assertThat(s.get("/v2/datasets").status()).isEqualTo(404);
            assertThat(s.post("/v1beta/datasets/d", Map.of()).status()).isEqualTo(405);
        }
    }

    @Test
    void anIdWithoutDatasetIdGetsOne() {
        try (TestServer s = TestServer.start(dir)) {
            TestServer.Reply r = s.post(
                    "/v1beta/datasets", Map.of("purpose", "eval/question-answer", "source", Map.of("rows", rows(1))));
            assertThat(r.json().get("identifier").asText()).matches("dataset-[0-9a-f-]{36}");
        }
    }

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() {
        try (TestServer s = TestServer.start(dir, b -> b.maxBodyBytes(1000))) {
            TestServer.Reply big = s.post("/v1beta/datasets", rowsDataset("big", rows(100)));
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.message()).isEqualTo("the request body is larger than this server takes (1000 bytes)");
            assertThat(s.get("/v1beta/datasets").json().get("data")).isEmpty();
        }
    }
}
