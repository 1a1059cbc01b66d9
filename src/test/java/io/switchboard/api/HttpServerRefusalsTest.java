package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests that the HTTP server refuses before any route sees them (a request line or headers over the limit, a
 * malformed {@code Content-Length}, a NUL or control character in a header, a broken chunked body, a path that is
 * not a valid URI path) are answered with problem+json too, and the hub serves the next connection. Sent as raw
 * bytes: no HTTP client would send them.
 */
@QuarkusTest
class HttpServerRefusalsTest {

    @TestHTTPResource("/")
    URI root;

    @Inject
    HttpRefusals refusals;
    @Inject
    BodyBudget budget;

    @BeforeEach
    void hooked() {
        // The hook goes on when Quarkus's asynchronous "HTTP server started" event arrives.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(refusals::hooked);
    }

    record Answer(int status, Map<String, String> headers, String body, boolean closed) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    /** A client that declares a body and goes away halfway through it gives its share of the body budget back. */
    @Test
    void aBodyAbandonedHalfwayGivesItsBudgetBack() throws IOException {
        try (Socket socket = open()) {
            send(socket, "POST /elements/api-v2/events/webhook/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 100000\r\n\r\n{\"id\": \"");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> budget.inFlight() >= 100_000);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> budget.inFlight() == 0);
        assertHealthy();
    }

    @Test
    void requestLineOverTheLimitIs414() throws IOException {
        Answer answer = refused("GET /q/health/live?" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        assertTrue(answer.body().contains("4096"), answer.body());
    }

    @Test
    void headersOverTheLimitAre431() throws IOException {
        Answer answer = refused("GET /q/health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(25_000) + "\r\n\r\n",
                431);
        assertTrue(answer.body().contains("20480"), answer.body());
    }

    @Test
    void contentLengthThatIsNotANumberIs400() throws IOException {
        Answer answer = refused(post("Content-Length: abc\r\n") + "{}", 400);
        assertTrue(answer.body().contains("Content-Length"), answer.body());
    }

    @Test
    void twoDifferentContentLengthsAre400() throws IOException {
        Answer answer = refused(post("Content-Length: 2\r\nContent-Length: 3\r\n") + "{}", 400);
        assertTrue(answer.body().contains("Content-Length"), answer.body());
    }

    @Test
    void nulInAHeaderValueIs400() throws IOException {
        Answer answer = refused("GET /q/health/live HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 400);
        assertTrue(answer.body().contains("header"), answer.body());
    }

    @Test
    void controlCharacterInAHeaderNameIs400() throws IOException {
        refused("GET /q/health/live HTTP/1.1\r\nHost: x\r\nX-\u0001A: b\r\n\r\n", 400);
    }

    @Test
    void brokenChunkedBodyIs400() throws IOException {
        Answer answer = refused(post("Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n", 400);
        assertTrue(answer.body().contains("chunk"), answer.body());
    }

    @Test
    void invalidPercentEscapeInThePathIs400AndTheConnectionStaysOpen() throws IOException {
        refusedKeepingTheConnection("GET /elements/api-v2/instances/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    @Test
    void bracketInThePathIs400AndTheConnectionStaysOpen() throws IOException {
        refusedKeepingTheConnection("GET /elements/api-v2/inst[ances HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    }

    private static String post(String headers) {
        return "POST /elements/api-v2/instances HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + headers + "\r\n";
    }

    /** The refusal is a problem document, and the hub answers the next connection. */
    private Answer refused(String request, int status) throws IOException {
        Answer answer;
        try (Socket socket = open()) {
            send(socket, request);
            answer = read(socket.getInputStream());
        }
        assertProblem(answer, status);
        assertHealthy();
        return answer;
    }

    /** A refusal the connection survives: the same connection then serves a request. */
    private void refusedKeepingTheConnection(String request, int status) throws IOException {
        try (Socket socket = open()) {
            send(socket, request);
            Answer answer = read(socket.getInputStream());
            assertProblem(answer, status);
            assertTrue(answer.body().contains("percent-encoded"), answer.body());
            send(socket, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(socket.getInputStream()).status());
        }
        assertHealthy();
    }

    private static void assertProblem(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.header("Content-Type").startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.body().contains("\"status\":" + status), answer.body());
        assertTrue(answer.body().contains("\"detail\""), answer.body());
        assertTrue(answer.body().contains("\"requestId\""), answer.body());
        assertFalse(answer.body().contains("Exception") || answer.body().contains("netty")
                || answer.body().contains("io.vertx"), answer.body());
    }

    private void assertHealthy() throws IOException {
        try (Socket socket = open()) {
            send(socket, "GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer answer = read(socket.getInputStream());
            assertEquals(200, answer.status(), answer.toString());
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(root.getHost(), root.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response: status line, headers, and a body of Content-Length bytes (or up to the close). */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            return new Answer(-1, Map.of(), "", true);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean closed = false;
        if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            byte[] bytes = in.readNBytes(length);
            body.write(bytes);
        } else {
            try {
                in.transferTo(body);
            } catch (SocketTimeoutException e) {
                // no length and no close: what came is the body
            }
            closed = true;
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8), closed);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
