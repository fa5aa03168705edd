package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.RowReader;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code data}: reads a dataset embedded in a {@code data:} URL (RFC 2397). The media type gives the format;
 * like Llama Stack, any other {@code text/*} type is read as CSV.
 */
public final class DataUrlDataset implements BaseDataset {
    @Override
    public String id() {
        return "data";
    }

    @Override
    public String description() {
        return "CSV, JSON or JSONL datasets embedded in data: URLs";
    }

    @Override
    public boolean accepts(DatasetSource source) {
        return source instanceof DatasetSource.Uri uri && uri.scheme().equals("data");
    }

    @Override
    public RowReader open(DatasetSource source) {
        DatasetSource.Uri uri = (DatasetSource.Uri) source;
        String text = uri.uri();
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw new DatasetLoadException("malformed data: URL (no comma before the data): " + uri);
        }
        String meta = text.substring("data:".length(), comma);
        String payload = text.substring(comma + 1);
        boolean base64 = meta.toLowerCase(Locale.ROOT).endsWith(";base64");
        String mediaType = (base64 ? meta.substring(0, meta.length() - ";base64".length()) : meta).trim();
        byte[] bytes;
        try {
            bytes = base64
                    ? Base64.getDecoder().decode(payload.replaceAll("\\s", ""))
                    : URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new DatasetLoadException("malformed data: URL: " + e.getMessage(), e);
        }
        String type = mediaType.isEmpty() ? "text/plain" : mediaType;
        DatasetFormat format = uri.format()
                .map(f -> DatasetFormat.parse(f, "the data: URL"))
                .or(() -> DatasetFormat.fromContentType(type))
                .orElseGet(() -> {
                    if (type.toLowerCase(Locale.ROOT).startsWith("text/")) {
                        return DatasetFormat.CSV;
                    }
                    throw new DatasetLoadException("cannot read a data: URL of media type '" + type
                            + "'; use text/csv, application/json or application/jsonl");
                });
        return format.open(new ByteArrayInputStream(bytes), "data: URL (" + type + ")", false);
    }
}
