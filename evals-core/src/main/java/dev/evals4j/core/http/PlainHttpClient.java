package dev.evals4j.core.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 POSTs over plain TCP on kept-alive connections: the path {@link ModelHttpClient} takes to model servers
 * reached by {@code http://} without a proxy, such as a fleet of vLLM replicas on a private network (decision 018).
 * Thread-safe. {@link #post} holds the calling thread from the request's first byte to the answer's last;
 * {@link #postAsync} writes the request from the calling thread and leaves the answer to one event-loop thread, which
 * reads the answers of every call in flight, so that a thousand calls need no thousand threads.
 *
 * <p>It does what such a call needs and nothing else: one write of head and body, the answer's status and headers,
 * a body of a {@code Content-Length}, {@code chunked} or up to the end of the connection, {@code gzip} when a server
 * compresses unasked, and informational (1xx) answers skipped. Everything else — TLS, proxies, redirects, a user's
 * own OkHttp client — stays with OkHttp (see {@link ModelHttpClient}). Its reason to exist is cost: at 1,024 calls in
 * flight, a call through OkHttp took about twice the CPU of a whole sample through this client (docs/benchmarks.md).
 *
 * <p>An attempt has one time limit, from connecting to the answer's last byte, kept by a watchdog thread, which
 * closes the connection of a call past its time; such a call fails with {@code InterruptedIOException("timeout")},
 * as OkHttp's call timeout does. A kept connection that the server had closed meanwhile (the end of the stream or a
 * reset before any byte of an answer) is replaced by a new one once, at once, since the server never saw the
 * request.
 */
final class PlainHttpClient implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PlainHttpClient.class);

    /** The largest request body sent this way: a write has no timeout, so larger ones go through OkHttp. */
    static final int MAX_BODY = 256 << 10;

    private static final int MAX_HEAD = 64 << 10;

    /** What a call got: its status, headers and body (an error's cut at the caller's limit). */
    record Answer(Head head, String body) {
        int code() {
            return head.code;
        }

        /** The last value of a header, by case-insensitive name, as OkHttp's {@code header(name)}. */
        @Nullable
        String header(String name) {
            return head.get(name);
        }

        /** Every value of a header, by case-insensitive name. */
        List<String> headers(String name) {
            return head.all(name);
        }
    }

    /**
     * An answer's status line and headers, kept as the text they came in (one string, read as Latin-1) and looked up
     * by name when asked: a call reads five of them, and only a failed one more.
     */
    static final class Head {
        private final String text;
        final int code;
        final boolean http10;

        Head(String text) throws ProtocolException {
            this.text = text;
            // HTTP/1.1 200 OK
            if (!text.startsWith("HTTP/1.") || text.length() < 12 || text.charAt(8) != ' ') {
                throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(firstLine(text)));
            }
            http10 = text.charAt(7) == '0';
            int c = 0;
            for (int i = 9; i < 12; i++) {
                char ch = text.charAt(i);
                if (ch < '0' || ch > '9') {
                    throw new ProtocolException("not an HTTP/1.x status line: " + abbreviate(firstLine(text)));
                }
                c = c * 10 + (ch - '0');
            }
            code = c;
            int lineEnd = text.indexOf('\n');
            for (int start = lineEnd + 1; start < text.length(); start = text.indexOf('\n', start) + 1) {
                int stop = text.indexOf('\n', start);
                int colon = text.indexOf(':', start);
                if (stop > start + 1 && (colon < 0 || colon > stop || colon == start)) {
                    throw new ProtocolException("not an HTTP header line: "
                            + abbreviate(text.substring(start, stop).strip()));
                }
            }
        }

        /** The last value of a header, by case-insensitive name, or null. */
        @Nullable
        String get(String name) {
            String value = null;
            int n = name.length();
            for (int start = text.indexOf('\n') + 1; start > 0 && start < text.length(); ) {
                int stop = text.indexOf('\n', start);
                if (text.regionMatches(true, start, name, 0, n)) {
                    int colon = start + n;
                    while (colon < stop && (text.charAt(colon) == ' ' || text.charAt(colon) == '\t')) {
                        colon++;
                    }
                    if (colon < stop && text.charAt(colon) == ':') {
                        value = text.substring(colon + 1, stop).strip();
                    }
                }
                start = stop + 1;
            }
            return value;
        }

        /** Every value of a header, by case-insensitive name. */
        List<String> all(String name) {
            List<String> values = new ArrayList<>();
            for (int start = text.indexOf('\n') + 1; start > 0 && start < text.length(); ) {
                int stop = text.indexOf('\n', start);
                int colon = text.indexOf(':', start);
                if (colon > start
                        && colon < stop
                        && text.substring(start, colon).strip().equalsIgnoreCase(name)) {
                    values.add(text.substring(colon + 1, stop).strip());
                }
                start = stop + 1;
            }
            return values;
        }

        private static String firstLine(String text) {
            int stop = text.indexOf('\n');
            return (stop < 0 ? text : text.substring(0, stop)).strip();
        }
    }

    /** An answer body larger than the caller reads; {@code size} says how large, as far as it is known. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final String size;

        TooLargeException(String size) {
            super("answer body of " + size);
            this.size = size;
        }
    }

    private final int connectTimeoutMillis;
    private final int maxIdle;
    private final long keepAliveNanos;
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong nextPrune = new AtomicLong(System.nanoTime());
    private volatile boolean closed;

    PlainHttpClient(Duration connectTimeout, int maxIdle, Duration keepAlive) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
        this.maxIdle = maxIdle;
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /**
     * The part of a POST that is the same for every call to one URL with the same headers: its request line and
     * headers but {@code Content-Length}.
     *
     * @param host the host as a URL writes it (an IPv6 address without brackets)
     * @param key the host and port, by which kept connections are pooled
     * @param prefix the request line and headers, each ending in CR LF
     */
    record Target(String host, int port, String key, byte[] prefix) {}

    /**
     * The target of POSTs to a path.
     *
     * @param host the host as a URL writes it (an IPv6 address without brackets)
     * @param path the path and query, as sent on the request line
     * @param headers the request's headers, {@code Host} and {@code Content-Length} excluded, in the order sent; each
     *     {@link #sendable}
     */
    static Target target(String host, int port, String path, List<String[]> headers) {
        StringBuilder b = new StringBuilder(256);
        b.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ");
        if (host.indexOf(':') >= 0) {
            b.append('[').append(host).append(']');
        } else {
            b.append(host);
        }
        if (port != 80) {
            b.append(':').append(port);
        }
        b.append("\r\n");
        for (String[] h : headers) {
            b.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return new Target(host, port, host + ':' + port, b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends a POST and reads its answer.
     *
     * @param timeoutMillis the time the whole attempt may take
     * @param maxBytes the largest 2xx body read; a larger one throws {@link TooLargeException}
     * @param maxErrorBytes the most of another answer's body kept; the rest is not read
     */
    Answer post(Target target, byte[] body, long timeoutMillis, long maxBytes, int maxErrorBytes) throws IOException {
        long due = System.nanoTime() + timeoutMillis * 1_000_000;
        byte[] request = request(target, body);
        Connection c = take(idle, target.key());
        boolean reused = c != null;
        if (c == null) {
            c = connect(target, due);
        }
        while (true) {
            Answer answer;
            c.begin(due);
            try {
                answer = exchange(c, request, due, maxBytes, maxErrorBytes);
            } catch (StaleConnection stale) {
                c.close();
                if (c.expired()) {
                    throw timeout(stale.cause);
                }
                if (!reused) {
                    throw stale.cause;
                }
                // the server had closed the pooled connection: it never saw the request, so a new one sends it
                reused = false;
                c = connect(target, due);
                continue;
            } catch (IOException | RuntimeException e) {
                c.close();
                if (c.expired() && e instanceof IOException io) {
                    throw timeout(io);
                }
                throw e;
            }
            if (c.finish() && c.reusable && !closed) {
                give(idle, c);
            } else {
                c.close();
            }
            return answer;
        }
    }

    private static InterruptedIOException timeout(IOException cause) {
        if (cause instanceof InterruptedIOException i && "timeout".equals(i.getMessage())) {
            return i;
        }
        InterruptedIOException timeout = new InterruptedIOException("timeout");
        timeout.initCause(cause);
        return timeout;
    }

    /**
     * Closes the connections of calls past their time, which ends a read or write blocked on them: a thread blocked
     * on a socket has no other timeout, and timed reads cost two more system calls each. It looks at the connections
     * under a call every {@link #TICK_MILLIS}, so a call may overrun its time by that much; a timer per call cost 5% of
     * the CPU at 1,024 calls in flight (the timer queue's lock). It ticks only while a call is on, and its thread ends
     * when it has not ticked for a few seconds: a process that called a model once is not woken fifty times a second
     * ever after.
     */
    private static final class Watchdog {
        private static final Set<Connection> WATCHED = ConcurrentHashMap.newKeySet();
        private static final AtomicBoolean TICKING = new AtomicBoolean();
        private static final ScheduledThreadPoolExecutor TIMER = idleTimer("evals-http-watchdog");

        /** Watches a connection from the start of its call to its end ({@link #unwatch}). */
        static void watch(Connection c) {
            WATCHED.add(c);
            if (TICKING.compareAndSet(false, true)) {
                TIMER.schedule(Watchdog::scan, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        static void unwatch(Connection c) {
            WATCHED.remove(c);
        }

        private static void scan() {
            long now = System.nanoTime();
            for (Connection c : WATCHED) {
                c.expireIfDue(now);
            }
            if (WATCHED.isEmpty()) {
                TICKING.set(false);
                // a call that began meanwhile saw the watchdog ticking and did not start it: start it again
                if (WATCHED.isEmpty() || !TICKING.compareAndSet(false, true)) {
                    return;
                }
            }
            TIMER.schedule(Watchdog::scan, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A timer of one daemon thread, which ends when the timer has had nothing to do for 5 s (and comes back). */
    static ScheduledThreadPoolExecutor idleTimer(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }

    /** Whether the watchdog ticks (while calls are on); for tests. */
    static boolean watchdogTicking() {
        return Watchdog.TICKING.get();
    }

    /** How often the watchdog looks for calls past their time. */
    static final long TICK_MILLIS = 20;

    /** Whether a header name or value can be sent as it is: printable ASCII (and tabs in values), no line breaks. */
    static boolean sendable(String name, String value) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch >= 0x7f || ch == ':') {
                return false;
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if ((ch < ' ' && ch != '\t') || ch >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A failure on a pooled connection before any byte of an answer: the server had closed it. */
    private static final class StaleConnection extends Exception {
        private static final long serialVersionUID = 1L;
        final IOException cause;

        StaleConnection(IOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private Answer exchange(Connection c, byte[] request, long due, long maxBytes, int maxErrorBytes)
            throws IOException, StaleConnection {
        try {
            c.write(request);
            c.start();
            if (!c.fill(due)) {
                throw new StaleConnection(new EOFException("the server closed the connection without an answer"));
            }
        } catch (InterruptedIOException | java.nio.channels.ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            throw new StaleConnection(e);
        }
        return readAnswer(c, due, maxBytes, maxErrorBytes);
    }

    /** Reads an answer from the connection's buffer, and from the connection when the buffer has not all of it. */
    private Answer readAnswer(Connection c, long due, long maxBytes, int maxErrorBytes) throws IOException {
        while (true) {
            Head headers = new Head(c.head(due));
            int code = headers.code;
            if (code >= 100 && code < 200 && code != 101) {
                continue; // an informational answer: the real one follows
            }
            boolean success = code >= 200 && code < 300;
            long cap = Math.min(success ? maxBytes : maxErrorBytes, Integer.MAX_VALUE - 64);
            String connection = headers.get("connection");
            c.reusable = connection == null
                    ? !headers.http10
                    : !connection.toLowerCase(Locale.ROOT).contains("close")
                            && (!headers.http10
                                    || connection.toLowerCase(Locale.ROOT).contains("keep-alive"));
            c.keepAliveNanos = keepAlive(headers.get("keep-alive"));
            byte[] bytes;
            boolean truncated = false;
            String encoding = headers.get("transfer-encoding");
            String length = headers.get("content-length");
            if (code == 204 || code == 304) {
                bytes = new byte[0];
            } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                Body b = c.chunked(due, cap, success);
                bytes = b.bytes;
                truncated = b.truncated;
            } else if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    throw new ProtocolException("the answer's Content-Length is not a number: " + length);
                }
                if (declared < 0) {
                    throw new ProtocolException("the answer's Content-Length is negative: " + length);
                }
                if (declared > cap) {
                    c.reusable = false;
                    if (success) {
                        throw new TooLargeException(declared + " bytes");
                    }
                    bytes = c.exactly((int) cap, due);
                    truncated = true;
                } else {
                    bytes = c.exactly((int) declared, due);
                }
            } else {
                c.reusable = false;
                Body b = c.toEnd(due, cap, success);
                bytes = b.bytes;
                truncated = b.truncated;
            }
            if (truncated) {
                c.reusable = false;
            }
            String contentEncoding = headers.get("content-encoding");
            if (contentEncoding != null && contentEncoding.strip().equalsIgnoreCase("gzip") && !truncated) {
                bytes = gunzip(bytes, success ? maxBytes : Long.MAX_VALUE);
            }
            return new Answer(headers, new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private long keepAlive(@Nullable String header) {
        if (header != null) {
            for (String part : header.split(",")) {
                String p = part.strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        long seconds = Long.parseLong(p.substring(8).strip());
                        // a second less than the server keeps it, so that it is not closed under a request
                        return Math.min(keepAliveNanos, Math.max(0, seconds - 1) * 1_000_000_000L);
                    } catch (NumberFormatException e) {
                        return keepAliveNanos;
                    }
                }
            }
        }
        return keepAliveNanos;
    }

    private static byte[] gunzip(byte[] bytes, long maxBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 4);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new TooLargeException("more than " + maxBytes + " bytes");
                }
            }
            return out.toByteArray();
        }
    }

    /** A new connection in blocking mode, connected within the connect timeout and what is left of {@code due}. */
    private Connection connect(Target target, long due) throws IOException {
        long left = (due - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new InterruptedIOException("timeout");
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address(target), (int) Math.min(connectTimeoutMillis, left));
            Connection c = new Connection(channel);
            c.poolKey = target.key();
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The address of a target, resolved; one that does not resolve says so as OkHttp does, with the name. */
    private static InetSocketAddress address(Target target) throws java.net.UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException(target.host());
        }
        return address;
    }

    /** A kept connection to {@code key} from {@code pool} that may still be used, closing those that may not. */
    private @Nullable Connection take(Map<String, ConcurrentLinkedDeque<Connection>> pool, String key) {
        ConcurrentLinkedDeque<Connection> deque = pool.get(key);
        if (deque == null) {
            return null;
        }
        long now = System.nanoTime();
        Connection c;
        while ((c = deque.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (now - c.idleSince < c.keepAliveNanos && c.channel.isOpen()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Keeps a connection in {@code pool} for the next call to its host, unless enough are kept. */
    private void give(Map<String, ConcurrentLinkedDeque<Connection>> pool, Connection c) {
        c.idleSince = System.nanoTime();
        c.shrink();
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            c.close();
            return;
        }
        pool.computeIfAbsent(c.poolKey, k -> new ConcurrentLinkedDeque<>()).offerFirst(c);
        if (closed) {
            close();
        }
        long prune = nextPrune.get();
        if (c.idleSince - prune > 0 && nextPrune.compareAndSet(prune, c.idleSince + 10_000_000_000L)) {
            prune(c.idleSince);
        }
    }

    /** Closes the connections idle longer than they may be kept, which the server has closed or soon will. */
    private void prune(long now) {
        for (Map<String, ConcurrentLinkedDeque<Connection>> pool : List.of(idle, asyncIdle)) {
            for (ConcurrentLinkedDeque<Connection> deque : pool.values()) {
                for (Connection c : deque) {
                    if (now - c.idleSince >= c.keepAliveNanos && deque.removeFirstOccurrence(c)) {
                        idleCount.decrementAndGet();
                        c.close();
                    }
                }
            }
        }
    }

    /** The connections kept for reuse now. */
    int idleConnections() {
        return Math.max(0, idleCount.get());
    }

    /** Closes the idle connections; calls in flight close theirs when they end. */
    @Override
    public void close() {
        closed = true;
        Loop l = loop;
        if (l != null) {
            l.stop();
        }
        for (Map<String, ConcurrentLinkedDeque<Connection>> pool : List.of(idle, asyncIdle)) {
            for (ConcurrentLinkedDeque<Connection> deque : pool.values()) {
                Connection c;
                while ((c = deque.pollFirst()) != null) {
                    idleCount.decrementAndGet();
                    c.close();
                }
            }
        }
    }

    // ---- asynchronous calls: one event-loop thread reads the answers of every call in flight ----

    /** Thrown by an asynchronous connection's {@code fill} when the answer has not all come yet. */
    private static final class NeedMore extends IOException {
        private static final long serialVersionUID = 1L;
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super("the answer has not all come yet");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** An asynchronous call: what to send, where, until when, and the answer to complete. */
    private static final class AsyncCall {
        final Target target;
        final byte[] request;
        final long due;
        final long maxBytes;
        final int maxErrorBytes;
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        boolean reused;

        AsyncCall(Target target, byte[] request, long due, long maxBytes, int maxErrorBytes) {
            this.target = target;
            this.request = request;
            this.due = due;
            this.maxBytes = maxBytes;
            this.maxErrorBytes = maxErrorBytes;
        }
    }

    private final Map<String, ConcurrentLinkedDeque<Connection>> asyncIdle = new ConcurrentHashMap<>();
    private final Object loopLock = new Object();
    private volatile @Nullable Loop loop;

    /**
     * Sends a POST as {@link #post} does, without waiting for the answer: the calling thread connects when no kept
     * connection is free and writes the request; the answer is read by this client's event-loop thread, which
     * completes the future with it, or with the {@link IOException} {@link #post} would have thrown.
     */
    CompletableFuture<Answer> postAsync(
            Target target, byte[] body, long timeoutMillis, long maxBytes, int maxErrorBytes) {
        AsyncCall call = new AsyncCall(
                target, request(target, body), System.nanoTime() + timeoutMillis * 1_000_000, maxBytes, maxErrorBytes);
        send(call, true);
        return call.answer;
    }

    /** The whole request, to be written at once: the target's request line and headers, its length, its body. */
    private static byte[] request(Target target, byte[] body) {
        byte[] length = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] prefix = target.prefix();
        byte[] all = new byte[prefix.length + length.length + body.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(length, 0, all, prefix.length, length.length);
        System.arraycopy(body, 0, all, prefix.length + length.length, body.length);
        return all;
    }

    private void send(AsyncCall call, boolean mayReuse) {
        Connection c = mayReuse ? take(asyncIdle, call.target.key()) : null;
        call.reused = c != null;
        if (c != null) {
            c.start();
            c.call = call; // published to the event loop: from here on, it alone reads the connection
            c.begin(call.due); // before the request goes: no answer can come before it
            write(c, call);
            return;
        }
        // a new connection, connected without waiting: the event loop finishes connecting and sends the request
        try {
            InetSocketAddress address = address(call.target);
            SocketChannel channel = SocketChannel.open();
            c = new Connection(channel);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            c.async = true;
            c.poolKey = call.target.key();
            c.start();
            c.call = call;
            long connectDue = System.nanoTime() + connectTimeoutMillis * 1_000_000L;
            c.begin(connectDue - call.due < 0 ? connectDue : call.due);
            Loop l = loop();
            if (channel.connect(address)) {
                c.due = call.due;
                c.key = channel.register(l.selector, SelectionKey.OP_READ, c);
                l.selector.wakeup();
                write(c, call);
            } else {
                c.key = channel.register(l.selector, SelectionKey.OP_CONNECT, c);
                l.selector.wakeup();
            }
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.finish();
                c.call = null;
                c.close();
            }
            call.answer.completeExceptionally(e); // unless the watchdog was first
        }
    }

    /** Writes a call's request; what the socket does not take at once, the event loop writes. */
    private void write(Connection c, AsyncCall call) {
        ByteBuffer out = ByteBuffer.wrap(call.request);
        try {
            c.channel.write(out);
            if (out.hasRemaining()) {
                c.pendingWrite = out;
                SelectionKey k = c.key;
                if (k != null) {
                    k.interestOpsOr(SelectionKey.OP_WRITE);
                    k.selector().wakeup();
                }
            }
        } catch (IOException e) {
            failAsync(c, call, e, true);
        }
    }

    private Loop loop() throws IOException {
        Loop l = loop;
        if (l == null) {
            synchronized (loopLock) {
                l = loop;
                if (l == null) {
                    if (closed) {
                        throw new IOException("the HTTP client is closed");
                    }
                    l = new Loop();
                    loop = l;
                }
            }
        }
        return l;
    }

    /**
     * Ends an asynchronous call that failed on its connection: a failure before any byte of an answer on a kept
     * connection sends the request again on a new one (the server never saw it), any other completes the answer
     * with it.
     */
    private void failAsync(Connection c, AsyncCall call, IOException e, boolean beforeAnswer) {
        if (!c.finish()) {
            return; // the watchdog ended it
        }
        c.call = null;
        c.close();
        if (beforeAnswer && call.reused && !(e instanceof InterruptedIOException)) {
            send(call, false);
        } else {
            call.answer.completeExceptionally(e);
        }
    }

    /** The event loop: reads the answers of the calls in flight, and notices kept connections the server closed. */
    private final class Loop implements Runnable {
        final Selector selector;

        Loop() throws IOException {
            selector = Selector.open();
            Thread t = new Thread(this, "evals-http-loop");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    selector.select();
                    for (SelectionKey k : selector.selectedKeys()) {
                        Connection c = (Connection) k.attachment();
                        try {
                            if (k.isValid() && k.isConnectable()) {
                                connected(c, k);
                            }
                            if (k.isValid() && k.isWritable()) {
                                write(c, k);
                            }
                            if (k.isValid() && k.isReadable()) {
                                read(c);
                            }
                        } catch (java.nio.channels.CancelledKeyException e) {
                            // closed meanwhile (the watchdog, or the client)
                        } catch (RuntimeException e) {
                            // a fault of this client's own: the call fails, saying so, and the loop goes on
                            AsyncCall call = c.call;
                            if (call != null) {
                                failAsync(c, call, new IOException("evals4j's HTTP client failed: " + e, e), false);
                            } else {
                                c.close();
                            }
                            LOG.warn("The HTTP event loop failed on a connection", e);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("The HTTP event loop stopped: {}", e.toString());
            } finally {
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        private void connected(Connection c, SelectionKey k) {
            AsyncCall call = c.call;
            if (call == null) {
                c.close();
                return;
            }
            try {
                if (!c.channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                failAsync(c, call, e, false);
                return;
            }
            c.due = call.due;
            k.interestOps(SelectionKey.OP_READ);
            PlainHttpClient.this.write(c, call);
        }

        private void write(Connection c, SelectionKey k) {
            AsyncCall call = c.call;
            ByteBuffer out = c.pendingWrite;
            if (call == null || out == null) {
                k.interestOps(SelectionKey.OP_READ);
                return;
            }
            try {
                c.channel.write(out);
                if (!out.hasRemaining()) {
                    c.pendingWrite = null;
                    k.interestOps(SelectionKey.OP_READ);
                }
            } catch (IOException e) {
                failAsync(c, call, e, true);
            }
        }

        private void read(Connection c) {
            AsyncCall call = c.call;
            if (call == null) {
                // a kept connection with something to read: the server closed it (or sent what nobody asked for)
                ConcurrentLinkedDeque<Connection> deque = asyncIdle.get(c.poolKey);
                if (deque != null && deque.removeFirstOccurrence(c)) {
                    idleCount.decrementAndGet();
                    c.close();
                }
                return; // else a caller has just taken it, and the next round reads it for its call
            }
            int n;
            try {
                if (c.end == c.buf.length) {
                    c.buf = java.util.Arrays.copyOf(c.buf, c.buf.length * 2);
                    c.view = ByteBuffer.wrap(c.buf);
                }
                c.view.limit(c.buf.length).position(c.end);
                n = c.channel.read(c.view);
            } catch (IOException e) {
                failAsync(c, call, e, c.end == 0);
                return;
            }
            if (n < 0) {
                c.eof = true;
                if (c.end == 0) {
                    failAsync(c, call, new EOFException("the server closed the connection without an answer"), true);
                    return;
                }
            } else if (n == 0) {
                return;
            } else {
                c.end += n;
            }
            Answer answer;
            try {
                c.pos = 0;
                answer = readAnswer(c, call.due, call.maxBytes, call.maxErrorBytes);
            } catch (NeedMore more) {
                return;
            } catch (IOException e) {
                failAsync(c, call, e, false);
                return;
            }
            if (!c.finish()) {
                return; // the watchdog ended it
            }
            c.call = null;
            if (c.reusable && c.pos == c.end && !c.eof) {
                give(asyncIdle, c);
            } else {
                c.close();
            }
            call.answer.complete(answer);
        }

        void stop() {
            selector.wakeup();
        }
    }

    /** A body as read, and whether it was cut at the caller's limit. */
    private record Body(byte[] bytes, boolean truncated) {}

    /**
     * A connection in blocking mode with its read buffer: bytes {@code [pos, end)} of {@code buf} are read and not
     * consumed. While a call uses it, the {@link Watchdog} may close it ({@link #expireIfDue}) when the call runs out of
     * time.
     */
    private static final class Connection {
        private static final int DONE = 0;
        private static final int IN_USE = 1;
        private static final int EXPIRED = 2;

        final SocketChannel channel;
        byte[] buf = new byte[8192];
        ByteBuffer view = ByteBuffer.wrap(buf);
        int pos;
        int end;
        boolean reusable;
        long idleSince;
        long keepAliveNanos = Long.MAX_VALUE;
        private final AtomicInteger state = new AtomicInteger(DONE);
        /** Whether it is non-blocking, read by the event loop ({@link #postAsync}). */
        boolean async;
        /** Whether the event loop read the end of its stream. */
        boolean eof;
        /** The asynchronous call on it, set by the caller before it writes and cleared by the event loop. */
        volatile @Nullable AsyncCall call;
        /** What is left to write of an asynchronous call's request, written by the event loop. */
        @Nullable
        ByteBuffer pendingWrite;

        @Nullable
        SelectionKey key;

        String poolKey = "";
        /** When the call on it (or its connecting) runs out of time ({@link System#nanoTime()}). */
        volatile long due;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** Starts a call that must end by {@code due}. */
        void begin(long due) {
            this.due = due;
            state.set(IN_USE);
            Watchdog.watch(this);
        }

        /** The watchdog's: closes the connection under a call that ran out of time. */
        void expireIfDue(long now) {
            if (state.get() == IN_USE && now - due > 0 && state.compareAndSet(IN_USE, EXPIRED)) {
                close();
                AsyncCall c = call;
                if (c != null) {
                    c.answer.completeExceptionally(new InterruptedIOException("timeout"));
                }
            }
        }

        /** Lets go of a buffer that a large answer grew, so that a kept connection holds 8 KiB, not megabytes. */
        void shrink() {
            if (buf.length > 64 << 10) {
                buf = new byte[8192];
                view = ByteBuffer.wrap(buf);
            }
        }

        /** Starts a call on it. */
        void start() {
            pos = 0;
            end = 0;
            eof = false;
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        boolean expired() {
            return state.get() == EXPIRED;
        }

        /** Ends the call; false when the watchdog closed the connection first. */
        boolean finish() {
            Watchdog.unwatch(this);
            return state.compareAndSet(IN_USE, DONE);
        }

        /** Reads more into the buffer, growing it when full; false at the end of the stream. */
        boolean fill(long due) throws IOException {
            if (async) {
                // the event loop reads; the answer is parsed again when more bytes have come
                if (eof) {
                    return false;
                }
                throw NeedMore.INSTANCE;
            }
            if (pos > 0 && pos == end) {
                pos = 0;
                end = 0;
            }
            if (end == buf.length) {
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, end - pos);
                    end -= pos;
                    pos = 0;
                } else {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    view = ByteBuffer.wrap(buf);
                }
            }
            if (due - System.nanoTime() <= 0) {
                throw new InterruptedIOException("timeout");
            }
            view.limit(buf.length).position(end);
            int n = channel.read(view);
            if (n < 0) {
                return false;
            }
            end += n;
            return true;
        }

        /** The next line, without its CR LF, as Latin-1 text; the line must fit in {@link #MAX_HEAD}. */
        String line(long due) throws IOException {
            return until(due, false);
        }

        /** The status line and headers up to the blank line that ends them, as Latin-1 text. */
        String head(long due) throws IOException {
            return until(due, true);
        }

        /**
         * The bytes up to the next line feed ({@code blankLine} false: without it and a CR before it), or up to the
         * line feed of a blank line ({@code blankLine} true: all of them), as Latin-1 text, reading more as needed.
         */
        private String until(long due, boolean blankLine) throws IOException {
            int scanned = pos;
            while (true) {
                for (int i = scanned; i < end; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    if (!blankLine) {
                        int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String line = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return line;
                    }
                    if (i > pos && (buf[i - 1] == '\n' || (buf[i - 1] == '\r' && i - 2 >= pos && buf[i - 2] == '\n'))) {
                        String head = new String(buf, pos, i + 1 - pos, StandardCharsets.ISO_8859_1);
                        pos = i + 1;
                        return head;
                    }
                }
                int unread = end - pos;
                if (unread > MAX_HEAD) {
                    throw new ProtocolException("the answer's head is longer than " + MAX_HEAD + " bytes");
                }
                if (!fill(due)) {
                    throw new EOFException("the server closed the connection in the middle of an answer");
                }
                scanned = pos + unread; // fill may have moved the unread bytes to the start of the buffer
            }
        }

        /** Exactly {@code n} bytes of body. */
        byte[] exactly(int n, long due) throws IOException {
            if (async && !eof && end - pos < n) {
                throw NeedMore.INSTANCE; // not all here yet: no array made and filled in vain
            }
            byte[] out = new byte[n];
            int have = 0;
            while (have < n) {
                if (pos == end && !fill(due)) {
                    throw new EOFException(
                            "the server closed the connection after " + have + " of the " + n + " bytes it announced");
                }
                int take = Math.min(n - have, end - pos);
                System.arraycopy(buf, pos, out, have, take);
                pos += take;
                have += take;
            }
            return out;
        }

        Body chunked(long due, long cap, boolean strict) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(due);
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("not a chunk size: " + abbreviate(sizeLine));
                }
                if (size < 0) {
                    throw new ProtocolException("not a chunk size: " + abbreviate(sizeLine));
                }
                if (size == 0) {
                    while (!line(due).isEmpty()) {
                        // trailers: not used
                    }
                    return new Body(out.toByteArray(), false);
                }
                if (out.size() + size > cap) {
                    if (strict) {
                        throw new TooLargeException("more than " + cap + " bytes");
                    }
                    out.write(exactly((int) (cap - out.size()), due));
                    return new Body(out.toByteArray(), true);
                }
                out.write(exactly((int) size, due));
                if (!line(due).isEmpty()) {
                    throw new ProtocolException("a chunk of the answer does not end where its size says");
                }
            }
        }

        Body toEnd(long due, long cap, boolean strict) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos == end && !fill(due)) {
                    return new Body(out.toByteArray(), false);
                }
                int take = end - pos;
                if (out.size() + (long) take > cap) {
                    if (strict) {
                        throw new TooLargeException("more than " + cap + " bytes");
                    }
                    out.write(buf, pos, (int) (cap - out.size()));
                    return new Body(out.toByteArray(), true);
                }
                out.write(buf, pos, take);
                pos = end;
            }
        }

        void close() {
            Watchdog.unwatch(this);
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing to do about it
            }
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }
}
