package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jxen.xen.testing.Oracles;

/**
 * npm {@code xen-api} 4.7.6, Xen Orchestra's connector, unchanged against jxend, run by
 * {@code clients/xen-api-client.mjs}: it connects as Xen Orchestra does (login, the pool,
 * {@code system.listMethods}, {@code event.inject}, every class's {@code get_all_records}, then
 * the {@code event.from} loop), finds the pool, the host, its control domain and the templates in
 * its object cache, makes a VM as Xen Orchestra does ({@code Async.VM.clone} of a template,
 * {@code Async.VM.provision}, {@code VIF.create}, a barrier on the pool), starts it, shuts it down
 * and destroys it with {@code callAsync}, following it through the cache's events; xen-api must
 * warn of nothing. Over JSON-RPC on HTTPS (as Xen Orchestra reaches a host) and XML-RPC on HTTP.
 * Not covered: xen-api's HTTP transfers ({@code getResource}, {@code putResource}).
 */
class NodeXenApiClientTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void installed() {
        Oracles.require("NodeXenApiClientTest npm xen-api", XenApiClients.nodeMissing());
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"json-rpc, https", "xml-rpc, http"})
    void makesStartsStopsAndDestroysAVmAsXenOrchestraDoes(String transport, String scheme) throws Exception {
        JsonNode summary;
        try (RunningJxend jxend = RunningJxend.start(dir.resolve("jxend"))) {
            URI url = scheme.equals("https") ? jxend.https() : jxend.http();
            summary = XenApiClients.node(dir.resolve("client"), Map.of("XAPI_URL", url.toString(),
                    "XAPI_PASSWORD", jxend.rootPassword(), "XAPI_TRANSPORT", transport));
        }
        assertThat(summary.at("/transport").asText()).isEqualTo(transport);
        assertThat(summary.at("/host/api").asText()).isEqualTo("2.21");
        assertThat(summary.at("/templates").toString())
                .isEqualTo("[\"Generic Linux PV\",\"Generic Linux PVH\",\"Other install media\"]");
        assertThat(summary.at("/types").toString()).contains("\"pool\"", "\"host\"", "\"VM\"", "\"VM_metrics\"",
                "\"SR\"", "\"VDI\"", "\"VBD\"", "\"VIF\"", "\"network\"", "\"task\"");
        assertThat(summary.at("/vm/powerStates").toString()).isEqualTo("[\"Halted\",\"Running\",\"Halted\"]");
    }
}
