package org.jxen.cli.xl;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxen.api.XenApiFailure;
import org.jxen.api.client.XenApiClient;

/**
 * Where jxl finds jxend: its Unix socket by default (where callers are root and need no password,
 * as on XAPI), or {@code --host URL} with a user and a password for a remote one.
 *
 * <p>How to start a jxend that is not running is the checkout's way unless {@code jxl.start} says
 * otherwise (an installed bin/jxl names jxend's service).
 *
 * @param socket   the Unix socket (bin/jxl passes the checkout's {@code run/jxend/xapi.sock})
 * @param host     http(s) URL of a remote jxend, or null for the socket
 * @param user     the user to log in as on {@code host}
 * @param password the password on {@code host}
 * @param insecure accept any certificate over HTTPS (jxend's own is self-signed)
 */
public record Connection(Path socket, URI host, String user, String password, boolean insecure) {
    /** Logs in; a jxend that is not there is a failure that says how to start one. */
    public XenApiClient open() throws XlFailure {
        XenApiClient client = host == null ? XenApiClient.unixSocket(socket) : XenApiClient.http(host, insecure);
        try {
            client.login(user, password == null ? "" : password);
            return client;
        } catch (XenApiFailure e) {
            throw XlFailure.of("jxl: jxend at " + where() + " refused the login of " + user + ": "
                    + String.join(" ", e.description()) + closed(client));
        } catch (IOException e) {
            throw XlFailure.of(notRunning(e) + closed(client));
        }
    }

    /** Closes the client after a failed login: nothing to add, or why closing failed too. */
    private static String closed(XenApiClient client) {
        try {
            client.close();
            return "";
        } catch (IOException e) {
            return " (and closing the connection failed: " + e.getMessage() + ")";
        }
    }

    private String notRunning(IOException e) {
        if (host != null) {
            return "jxl: cannot reach jxend at " + host + ": " + e.getMessage();
        }
        String why = Files.exists(socket) ? "nothing answers on its socket " + socket
                : "its socket " + socket + " does not exist";
        return "jxl: jxend is not running (" + why + "); start it with " + System.getProperty("jxl.start",
                "./jxen up in the jxen checkout, or bin/jxend --state-dir DIR") + ", or name a remote one with --host URL";
    }

    private String where() {
        return host != null ? host.toString() : socket.toString();
    }
}
