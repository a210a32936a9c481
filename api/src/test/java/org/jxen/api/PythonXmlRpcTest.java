package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XML-RPC codec against a real, independent implementation: Python's stdlib xmlrpc.client,
 * which Python's XenAPI.py is built on. Python's calls (typed tags, newlines between elements,
 * {@code <nil/>}, base64, datetimes without a zone) are read by {@link XmlRpc#readCall}; jxen's
 * replies and calls are read by Python's {@code loads}, and what Python got is compared as JSON.
 * Needs python3 (skips without it, fails with CI=true).
 */
class PythonXmlRpcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Prints what xmlrpc.client.loads makes of the file in argv[1], as JSON; bytes and datetimes
     * tagged. As XenAPI.py's ServerProxy does (use_builtin_types=False), datetimes stay text.
     */
    private static final String LOADS = """
            import json, sys, xmlrpc.client as x
            params, method = x.loads(open(sys.argv[1], 'rb').read())
            def tagged(o):
                if isinstance(o, x.Binary):
                    return {'bytes': o.data.hex()}
                if isinstance(o, x.DateTime):
                    return {'datetime': o.value}
                raise TypeError(type(o))
            print(json.dumps({'method': method, 'params': params}, default=tagged))
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void python() {
        Python.require("PythonXmlRpcTest");
    }

    @Test
    void pythonCallsAreRead() throws RpcParseException {
        String xml = Python.run("""
                import datetime, sys, xmlrpc.client as x
                params = ('OpaqueRef:1', 'a<&>"\\'\\t\\n', 'caf\\u00e9 \\u2713 \\U0001F600', '', 5, -2**31, 2**31 - 1,
                          0.5, 1e-20, -1.5e300, float('inf'), True, False,
                          x.DateTime(datetime.datetime(2024, 1, 31, 12, 34, 56)), datetime.datetime(1970, 1, 1),
                          [1, 'a', [2.5], []], {'k': None, 'n': {'x': 1}, '': 'empty key'}, {}, None, b'\\x00\\xffa')
                sys.stdout.write(x.dumps(params, 'VM.start', allow_none=True))
                """);
        RpcCall call = XmlRpc.readCall(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(call.method()).isEqualTo("VM.start");
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("k", null);
        struct.put("n", Map.of("x", 1L));
        struct.put("", "empty key");
        List<Object> params = call.params();
        assertThat(params.subList(0, params.size() - 1)).containsExactly("OpaqueRef:1", "a<&>\"'\t\n",
                "caf\u00e9 \u2713 \uD83D\uDE00", "", 5L, -2147483648L, 2147483647L, 0.5, 1e-20, -1.5e300,
                Double.POSITIVE_INFINITY, true, false, Instant.parse("2024-01-31T12:34:56Z"), Instant.EPOCH,
                List.of(1L, "a", List.of(2.5), List.of()), struct, Map.of(), null);
        assertThat(List.<Object>copyOf(((Map<?, ?>) params.get(16)).keySet())).containsExactly("k", "n", "");
        assertThat((byte[]) params.getLast()).containsExactly(0, 0xff, 'a');
    }

    @Test
    void pythonCannotSendInt64SoClientsSendStrings() {
        String refused = Python.run("""
                import xmlrpc.client as x
                try:
                    x.dumps((2**31,), 'VM.set_memory')
                    print('sent')
                except OverflowError as e:
                    print('refused:', e)
                """);
        assertThat(refused).startsWith("refused:");
    }

    @Test
    void successReadByPython() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("uuid", "a<&>\"'\r\n\t");
        value.put("name", "caf\u00e9 \u2713 \uD83D\uDE00");
        value.put("memory", 9007199254740993L);
        value.put("count", 5);
        value.put("ratio", 0.1);
        value.put("tiny", 1e-20);
        value.put("on", true);
        value.put("off", false);
        value.put("created", Instant.parse("2024-01-31T12:34:56Z"));
        value.put("tags", List.of("a", List.of(), Map.of()));
        value.put("other_config", Map.of("x<&y", "1"));
        value.put("nothing", null);
        value.put("blob", new byte[] {0, (byte) 0xff, 'a'});
        value.put("void", "");
        assertThat(pythonLoads(XmlRpc.writeSuccess(value))).isEqualTo(JSON.readTree("""
                {"method": null, "params": [{"Status": "Success", "Value": {
                  "uuid": "a<&>\\"'\\r\\n\\t", "name": "caf\\u00e9 \\u2713 \\ud83d\\ude00", "memory": "9007199254740993",
                  "count": 5, "ratio": 0.1, "tiny": 1e-20, "on": true, "off": false,
                  "created": {"datetime": "20240131T12:34:56Z"}, "tags": ["a", [], {}], "other_config": {"x<&y": "1"},
                  "nothing": null, "blob": {"bytes": "00ff61"}, "void": ""}}]}"""));
    }

    /**
     * XAPI's datetime ends in Z, which Python's strict datetime conversion refuses; XenAPI.py never
     * asks for it (its ServerProxy keeps datetimes as text), so jxen writes what XAPI writes.
     */
    @Test
    void pythonBuiltinDatetimesRefuseXapisZLikeTheyRefuseXapi() throws Exception {
        Path file = Files.write(dir.resolve("reply.xml"), XmlRpc.writeSuccess(Instant.EPOCH));
        String result = Python.run("""
                import sys, xmlrpc.client as x
                try:
                    x.loads(open(sys.argv[1], 'rb').read(), use_builtin_types=True)
                    print('parsed')
                except ValueError as e:
                    print('refused:', e)
                """, file.toString());
        assertThat(result).startsWith("refused: unconverted data remains: Z");
    }

    @Test
    void failureReadByPython() throws Exception {
        byte[] failure = XmlRpc.writeFailure(XenApiFailure.of(ErrorCodes.SESSION_AUTHENTICATION_FAILED, "root",
                "Authentication failure"));
        assertThat(pythonLoads(failure)).isEqualTo(JSON.readTree("""
                {"method": null, "params": [{"Status": "Failure",
                  "ErrorDescription": ["SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure"]}]}"""));
    }

    @Test
    void bareReplyReadByPython() throws Exception {
        assertThat(pythonLoads(XmlRpc.writeBare(List.of("VM.start", "system.listMethods"))))
                .isEqualTo(JSON.readTree("{\"method\": null, \"params\": [[\"VM.start\", \"system.listMethods\"]]}"));
    }

    @Test
    void callReadByPython() throws Exception {
        byte[] call = XmlRpc.writeCall("VM.set_other_config", Arrays.asList("OpaqueRef:s", Map.of("k", "v"), 7L, null));
        assertThat(pythonLoads(call)).isEqualTo(JSON.readTree("""
                {"method": "VM.set_other_config", "params": ["OpaqueRef:s", {"k": "v"}, "7", null]}"""));
    }

    private JsonNode pythonLoads(byte[] xml) throws Exception {
        Path file = Files.write(dir.resolve("reply.xml"), xml);
        return JSON.readTree(Python.run(LOADS, file.toString()));
    }
}
