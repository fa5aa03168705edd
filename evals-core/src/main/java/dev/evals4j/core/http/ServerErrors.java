package dev.evals4j.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.evals4j.core.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the message out of a model server's error body, in each vendor's envelope (see
 * {@code docs/generators.md}).
 */
final class ServerErrors {
    private static final int MAX_TEXT = 500;
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(402, "Payment Required"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Content"),
            Map.entry(424, "Failed Dependency"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private ServerErrors() {}

    /** The status with its standard name, such as {@code 429 Too Many Requests}. */
    static String status(int code) {
        String reason = REASONS.get(code);
        return reason == null ? String.valueOf(code) : code + " " + reason;
    }

    /**
     * The server's own message from an error body, followed by the error's type and code in parentheses when the
     * body has them; the body's text (shortened) when it is not a known envelope; empty for an empty body.
     */
    static String message(String body) {
        String trimmed = body.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(trimmed);
        } catch (java.io.IOException e) {
            return shorten(trimmed);
        }
        if (root == null || !root.isObject()) {
            return shorten(trimmed);
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            // OpenAI, vLLM >= 0.10.1, Ollama's /v1, llama.cpp, Llama Stack >= 0.6: {"error":{"message",...}}
            // Llama Stack <= 0.5: {"error":{"detail": "..." | {"errors":[{loc,msg,type}]}}}
            String text = text(error.get("message"));
            if (text == null) {
                text = detail(error.get("detail"));
            }
            if (text != null) {
                return text + qualifiers(error);
            }
            return shorten(trimmed);
        }
        if (error != null && error.isTextual()) {
            // TGI and Ollama's native API: {"error":"...","error_type":"validation"}
            String type = text(root.get("error_type"));
            return error.asText() + (type != null ? " (" + type + ")" : "");
        }
        String message = text(root.get("message"));
        if (message != null) {
            // vLLM before 0.10.1 and SGLang: {"object":"error","message","type","param","code"}
            return message + qualifiers(root);
        }
        String detail = detail(root.get("detail"));
        if (detail != null) {
            // FastAPI's default, as Llama Stack's unrouted paths answer: {"detail":"Not Found"}
            return detail;
        }
        return shorten(trimmed);
    }

    private static String qualifiers(JsonNode error) {
        List<String> parts = new ArrayList<>();
        String type = text(error.get("type"));
        if (type != null) {
            parts.add(type);
        }
        JsonNode code = error.get("code");
        // vLLM and llama.cpp repeat the HTTP status as an integer code; only a string code adds anything
        if (code != null && code.isTextual() && !code.asText().isBlank()) {
            parts.add(code.asText());
        }
        String param = text(error.get("param"));
        if (param != null) {
            parts.add("param " + param);
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String detail(JsonNode detail) {
        if (detail == null || detail.isNull()) {
            return null;
        }
        if (detail.isTextual()) {
            return detail.asText();
        }
        JsonNode errors = detail.isObject() ? detail.get("errors") : detail;
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            // pydantic validation errors: [{"loc":["body","model_id"],"msg":"Field required","type":"missing"}]
            List<String> out = new ArrayList<>();
            for (JsonNode e : errors) {
                String msg = text(e.get("msg"));
                JsonNode loc = e.get("loc");
                List<String> path = new ArrayList<>();
                if (loc != null && loc.isArray()) {
                    loc.forEach(p -> path.add(p.asText()));
                }
                out.add((path.isEmpty() ? "" : String.join(".", path) + ": ") + (msg != null ? msg : e.toString()));
            }
            return String.join("; ", out);
        }
        return shorten(detail.toString());
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_TEXT ? oneLine : oneLine.substring(0, MAX_TEXT) + "…";
    }
}
