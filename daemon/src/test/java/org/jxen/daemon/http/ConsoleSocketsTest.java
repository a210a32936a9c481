package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jxen.api.client.XenApiClient;
import org.jxen.daemon.RunningJxend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /console} as a WebSocket client opens it. */
class ConsoleSocketsTest {
    @TempDir
    Path dir;

    /** Regression: the console's listener was a private class, which Jetty cannot call, so every upgrade was answered 500. */
    @Test
    void theConsoleOfAHaltedVmOpensAndClosesSayingWhy() throws Exception {
        try (RunningJxend jxend = RunningJxend.start(dir); XenApiClient client = XenApiClient.http(jxend.http(), false)) {
            client.login("root", jxend.rootPassword());
            String template = ((List<?>) client.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
            URI console = URI.create("ws://" + jxend.http().getAuthority() + "/console?ref=" + template + "&session_id="
                    + client.session().orElseThrow());
            CompletableFuture<String> closed = new CompletableFuture<>();
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(console, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
                    closed.complete(status + " " + reason);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 the VM is not running");
        }
    }
}
