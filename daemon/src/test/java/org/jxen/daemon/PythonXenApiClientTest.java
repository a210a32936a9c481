package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.xen.testing.Oracles;

/**
 * Debian's {@code XenAPI.py} (python3-os-xenapi 0.3.4) unchanged against jxend, run by
 * {@code clients/xenapi_client.py}: login (which reads the API version from the pool's master),
 * hosts and VMs with their records, a VM cloned from a template with {@code Async.VM.clone} (its
 * task followed on {@code event.from}) and provisioned, then start, pause, unpause, suspend,
 * resume, clean shutdown and destroy, each power state read back and seen in the VM's event on
 * {@code event.from}, and on the deprecated {@code event.register} and {@code event.next} (its start,
 * its deletion with the record as it was); the running VM found with {@code get_all_records_where} and
 * {@code get_all_where} (XAPI's filter expressions, and their errors); logout. Over HTTP with
 * root's password, and over the Unix socket, where the
 * caller is root without one. Over the socket the script replaces one method of XenAPI.py's
 * {@code UDSTransport}, which still has Python 2's signature and fails on Python 3.
 */
class PythonXenApiClientTest {
    private static final String STATES =
            "[\"Halted\",\"Running\",\"Paused\",\"Running\",\"Suspended\",\"Running\",\"Halted\"]";
    private static final String EVENTS = "[\"add\",\"mod\",\"mod\",\"mod\",\"mod\",\"mod\",\"mod\",\"del\"]";

    @TempDir
    Path dir;

    @BeforeAll
    static void installed() {
        Oracles.require("PythonXenApiClientTest XenAPI.py", XenApiClients.pythonMissing());
    }

    @Test
    void aVmLivesItsWholeLifeOverHttp() throws Exception {
        JsonNode summary;
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"))) {
            summary = XenApiClients.python(dir.resolve("client"), Map.of("XAPI_PASSWORD", jxend.rootPassword()),
                    jxend.http().toString());
        }
        assertLifeOf(summary, "http");
    }

    @Test
    void aVmLivesItsWholeLifeOverTheUnixSocketWithoutAPassword() throws Exception {
        JsonNode summary;
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"))) {
            summary = XenApiClients.python(dir.resolve("client"), Map.of(), "unix:" + jxend.socket());
        }
        assertLifeOf(summary, "unix");
    }

    private static void assertLifeOf(JsonNode summary, String transport) {
        assertThat(summary.at("/transport").asText()).isEqualTo(transport);
        assertThat(summary.at("/api_version").asText()).isEqualTo("2.21");
        assertThat(summary.at("/hosts")).hasSize(1);
        assertThat(summary.at("/templates").toString())
                .isEqualTo("[\"Generic Linux PV\",\"Generic Linux PVH\",\"Other install media\"]");
        assertThat(summary.at("/states").toString()).isEqualTo(STATES);
        assertThat(summary.at("/events").toString()).isEqualTo(EVENTS);
        assertThat(summary.at("/legacy").toString()).isEqualTo("[[\"add\",\"Running\"],[\"del\",\"Halted\"]]");
        assertThat(summary.at("/where/running").toString()).isEqualTo("[\"XenAPI.py\"]");
        assertThat(summary.at("/where/named").asBoolean()).isTrue();
        assertThat(summary.at("/where/errors").toString()).isEqualTo("[[\"INVALID_VALUE\",\"field \\\"power_state\\\"=\","
                + "\"Stdlib.Parsing.Parse_error\"],[\"INTERNAL_ERROR\",\"missing field\",\"name_label\",\"\"]]");
    }
}
