package dev.evals4j.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.evals4j.core.internal.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the routes see it: the method, the path without its version prefix (still percent-encoded),
 * the decoded query parameters and the body.
 *
 * @param method the method, upper case
 * @param path the path after {@code /v1}, {@code /v1alpha} or {@code /v1beta}, still percent-encoded
 * @param query the query parameters, decoded; the last value of a repeated one
 * @param body the body's bytes
 */
public record Request(String method, String path, Map<String, String> query, byte[] body) {

    /** The body as a JSON object; an empty body is an empty object. */
    public Body json() {
        if (body.length == 0) {
            return Body.of(new LinkedHashMap<>());
        }
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + Json.describe(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the request body cannot be read: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return Body.of(out);
    }

    /** A query parameter as a whole number, when given. */
    public Optional<Long> queryLong(String name) {
        String v = query.get(name);
        if (v == null || v.isEmpty() || v.equals("null")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the query parameter '" + name + "' must be a whole number, was '" + v + "'");
        }
    }

    /** Parses a raw query string. */
    static Map<String, String> parseQuery(@Nullable String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(decode(key.replace('+', ' ')), decode(value.replace('+', ' ')));
        }
        return out;
    }

    /** Decodes {@code %XX} escapes as UTF-8; a {@code +} stays a {@code +} (paths are not forms). */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi * 16 + lo);
                    i += 3;
                    continue;
                }
            }
            int end = i + Character.charCount(raw.codePointAt(i));
            byte[] b = raw.substring(i, end).getBytes(StandardCharsets.UTF_8);
            bytes.write(b, 0, b.length);
            i = end;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
