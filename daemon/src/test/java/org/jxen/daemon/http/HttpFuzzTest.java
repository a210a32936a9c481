package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.api.client.XenApiClient;
import org.jxen.daemon.RunningJxend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes a client sends jxend as HTTP (request line, headers, body, several requests pipelined)
 * on a fresh connection, which the client then half-closes: jxend answers or closes the connection
 * within {@link #DEADLINE_MS}; its first answer is not a 5xx but for 501 and 505 (a transfer coding
 * or an HTTP version it does not implement, which HTTP answers with those); and afterwards it still
 * serves a call on a session made before. Only the first answer's status is checked: where a later
 * one starts cannot be told without knowing where the first one's body ends (a HEAD's answer
 * announces a body it does not carry), and the bytes that made it are tried as a first request too.
 * After the last input a new client logs in with the password.
 *
 * <p>With the tests this runs the seeds in {@code HttpFuzzTestInputs/anyRequestIsAnsweredOrClosed/}:
 * requests of XenAPI.py, the Java SDK, npm xen-api and curl recorded against jxend, their sessions
 * long gone; findings are kept there as regression inputs. {@code JAZZER_FUZZ=1 mvn -pl
 * xen-native,api,daemon -am verify -Dtest=HttpFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}
 * fuzzes for {@code maxDuration}, or as long as {@code JAZZER_MAX_DURATION} says (Jazzer's
 * server-side request forgery detector is off for it: junit-platform.properties).
 */
class HttpFuzzTest {
    /** Long enough for a login's password hash on a busy machine; jxend's own idle timeout is 30 s. */
    private static final int DEADLINE_MS = 10_000;
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    @TempDir
    static Path dir;
    private static RunningJxend jxend;
    private static XenApiClient client;

    @BeforeAll
    static void start() throws Exception {
        jxend = RunningJxend.start(dir);
        client = XenApiClient.http(jxend.http(), false);
        client.login("root", jxend.rootPassword());
    }

    @AfterAll
    static void stop() throws Exception {
        try (XenApiClient fresh = XenApiClient.http(jxend.http(), false)) {
            fresh.login("root", jxend.rootPassword());
            assertThat((List<?>) fresh.call("VM.get_all")).isNotEmpty();
        } finally {
            client.close();
            jxend.close();
        }
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "http.dict")
    void anyRequestIsAnsweredOrClosed(byte[] request) throws Exception {
        String answer = exchange(request);
        Matcher status = STATUS.matcher(answer);
        if (status.lookingAt()) {
            int code = Integer.parseInt(status.group(1));
            assertThat(code < 500 || code == 501 || code == 505).as("the first answer to %s was %s",
                    new String(request, StandardCharsets.ISO_8859_1), answer).isTrue();
        }
        assertThat((List<?>) client.call("VM.get_all")).isNotEmpty();
    }

    /**
     * Sends {@code request}, half-closes, and returns what comes back until jxend closes (a reset
     * included); a SocketTimeoutException if it does neither within the deadline.
     */
    private static String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(jxend.http().getHost(), jxend.http().getPort()));
            socket.setSoTimeout(DEADLINE_MS);
            try {
                socket.getOutputStream().write(request);
                socket.shutdownOutput();
            } catch (SocketException closedBeforeAllWasSent) {
                // jxend refused early and closed: what it answered is still to be read
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(answer);
            } catch (SocketException reset) {
                // closed without reading all we sent: the kernel resets the connection
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
