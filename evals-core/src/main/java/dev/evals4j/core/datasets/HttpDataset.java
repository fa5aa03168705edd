package dev.evals4j.core.datasets;

import dev.evals4j.api.DatasetLoadException;
import dev.evals4j.api.DatasetSource;
import dev.evals4j.api.spi.BaseDataset;
import dev.evals4j.api.spi.PluginContext;
import dev.evals4j.api.spi.RowReader;
import dev.evals4j.core.http.HttpClients;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * {@code http}: reads a CSV, JSON or JSONL dataset from an http(s) URL, streaming the body. The format comes from
 * the URL's extension, then the response's content type.
 */
public final class HttpDataset implements BaseDataset {
    private final @Nullable OkHttpClient client;

    /** Reads through the HTTP client of the evals4j instance that opens a dataset. */
    public HttpDataset() {
        this.client = null;
    }

    /** Reads through the given HTTP client. */
    public HttpDataset(OkHttpClient client) {
        this.client = client;
    }

    /**
     * One GET with no retry loop of its own: OkHttp's silent retry of a failed (say, stale pooled) connection, which
     * the instance's client leaves to evals4j's Retrier, stays on here.
     */
    private static OkHttpClient oneGet(OkHttpClient base) {
        return base.newBuilder().retryOnConnectionFailure(true).build();
    }

    @Override
    public RowReader open(DatasetSource source, PluginContext context) {
        return open(source, client != null ? client : oneGet(HttpClients.of(context)));
    }

    @Override
    public String id() {
        return "http";
    }

    @Override
    public String description() {
        return "CSV, JSON or JSONL datasets from http:// and https:// URLs";
    }

    @Override
    public boolean accepts(DatasetSource source) {
        return source instanceof DatasetSource.Uri uri
                && (uri.scheme().equals("http") || uri.scheme().equals("https"));
    }

    @Override
    public RowReader open(DatasetSource source) {
        return open(source, client != null ? client : oneGet(HttpClients.shared()));
    }

    private RowReader open(DatasetSource source, OkHttpClient client) {
        DatasetSource.Uri uri = (DatasetSource.Uri) source;
        HttpUrl url = HttpUrl.parse(uri.uri());
        if (url == null) {
            throw new DatasetLoadException("not a valid URL: " + uri.uri());
        }
        String shown = url.newBuilder().query(null).build().toString();
        Response response;
        try {
            response =
                    client.newCall(new Request.Builder().url(url).get().build()).execute();
        } catch (IOException e) {
            throw new DatasetLoadException("could not read " + shown + ": " + describe(e, url), e);
        }
        ResponseBody body = response.body();
        if (!response.isSuccessful()) {
            String excerpt = excerpt(body);
            response.close();
            throw new DatasetLoadException("could not read " + shown + ": the server answered " + response.code()
                    + (response.message().isEmpty() ? "" : " " + response.message())
                    + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        String path = url.encodedPath();
        Optional<DatasetFormat> format = uri.format()
                .map(f -> DatasetFormat.parse(f, shown))
                .or(() -> DatasetFormat.fromFileName(path))
                .or(() -> Optional.ofNullable(response.header("Content-Type")).flatMap(DatasetFormat::fromContentType));
        if (format.isEmpty()) {
            response.close();
            throw new DatasetLoadException("cannot tell the format of " + shown + " from its extension or its content"
                    + " type (" + response.header("Content-Type", "none") + "); give the format (csv, json or jsonl)");
        }
        return format.get().open(body.byteStream(), shown, DatasetFormat.isGzip(path));
    }

    /** Why a request did not get an answer, in words rather than in the HTTP library's. */
    private static String describe(IOException e, HttpUrl url) {
        String where = url.host() + ":" + url.port();
        if (e instanceof UnknownHostException) {
            return "the host " + url.host() + " could not be resolved (no network, or a misspelt host name)";
        }
        if (e instanceof ConnectException) {
            return "could not connect to " + where + " (nothing answers there, or a firewall refuses the connection)";
        }
        if (e instanceof SocketTimeoutException) {
            return where + " did not answer in time";
        }
        if (e instanceof SSLException) {
            return "the TLS connection to " + where + " failed" + (e.getMessage() != null ? ": " + e.getMessage() : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? " (" + e.getMessage() + ")" : "");
    }

    private static String excerpt(ResponseBody body) {
        try {
            okio.BufferedSource in = body.source();
            in.request(300);
            String text = in.getBuffer()
                    .readUtf8(Math.min(300, in.getBuffer().size()))
                    .strip();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
