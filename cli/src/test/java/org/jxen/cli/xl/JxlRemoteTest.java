package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * jxl against a jxend named by {@code --host} (JSON-RPC over HTTP, a user and a password) instead of its
 * Unix socket: it works with root's password, says why when the login is refused or the URL is not
 * jxend's, and nothing is tried on the socket. Not covered: HTTPS ({@code --insecure}), which is the
 * api module's client's (its own tests).
 */
class JxlRemoteTest {
    @TempDir
    Path dir;

    @Test
    void listOverHttpWithAPassword() throws Exception {
        try (JxendForTest jxend = JxendForTest.start(dir.resolve("jxend"))) {
            String url = jxend.http().toString();
            JxendForTest.Run ok = jxend.jxl("--host", url, "--password-file", jxend.rootPasswordFile().toString(), "list");
            assertThat(ok.status()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("Domain-0");

            Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
            JxendForTest.Run refused = jxend.jxl("--host", url, "--password-file", wrong.toString(), "list");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).startsWith("jxl: jxend at " + url + " refused the login of root: SESSION_AUTHENTICATION_FAILED");

            JxendForTest.Run noFile = jxend.jxl("--host", url, "--password-file", dir.resolve("none").toString(), "list");
            assertThat(noFile.err()).startsWith("jxl: cannot read the password file " + dir.resolve("none"));

            JxendForTest.Run notHttp = jxend.jxl("--host", "ftp://127.0.0.1", "list");
            assertThat(notHttp.err()).isEqualTo("jxl: --host takes http://HOST:PORT or https://HOST:PORT, not ftp://127.0.0.1\n");
            assertThat(notHttp.status()).isEqualTo(1);
        }
    }
}
