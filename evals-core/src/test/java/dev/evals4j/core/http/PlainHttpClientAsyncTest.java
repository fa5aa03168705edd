package dev.evals4j.core.http;

import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The same answers and failures as {@link PlainHttpClientTest}, sent without waiting ({@link
 * ModelHttpClient#postJsonAsync}): the event loop reads them, a timer waits between attempts, the watchdog ends the
 * calls past their time, with the same results and messages.
 */
class PlainHttpClientAsyncTest extends PlainHttpClientTest {
    @Override
    String post(ModelHttpClient client, String url, String body, Map<String, String> headers) {
        try {
            return client.postJsonAsync(url, body, headers).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
