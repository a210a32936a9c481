package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes XAPI writes (ocaml-rpc's xmlrpc.ml {@code add_value}, {@code add_response},
 * {@code string_of_call}; api_server.ml for the bare reply; the value table of
 * ../shared/reference/xenapi.md 1.2), for each value type and each envelope, and the two places
 * jxen writes better XML than XAPI. Reading is XmlRpcReadTest's.
 */
class XmlRpcWriteTest {
    private static final String RESPONSE = "<?xml version=\"1.0\"?><methodResponse><params><param>";
    private static final String END = "</param></params></methodResponse>";

    @Test
    void successEnvelope() {
        assertThat(string(XmlRpc.writeSuccess("OpaqueRef:4e0f1b2c"))).isEqualTo(RESPONSE
                + "<value><struct><member><name>Status</name><value>Success</value></member>"
                + "<member><name>Value</name><value>OpaqueRef:4e0f1b2c</value></member></struct></value>" + END);
    }

    @Test
    void voidResultIsTheEmptyString() {
        assertThat(string(XmlRpc.writeSuccess(""))).isEqualTo(RESPONSE
                + "<value><struct><member><name>Status</name><value>Success</value></member>"
                + "<member><name>Value</name><value></value></member></struct></value>" + END);
        assertThat(XmlRpc.valueToString("")).isEqualTo("<value></value>");
    }

    @Test
    void failureEnvelope() {
        XenApiFailure failure = XenApiFailure.of(ErrorCodes.VM_BAD_POWER_STATE, "OpaqueRef:vm", "halted", "running");
        assertThat(string(XmlRpc.writeFailure(failure))).isEqualTo(RESPONSE
                + "<value><struct><member><name>Status</name><value>Failure</value></member>"
                + "<member><name>ErrorDescription</name><value><array><data><value>VM_BAD_POWER_STATE</value>"
                + "<value>OpaqueRef:vm</value><value>halted</value><value>running</value></data></array></value>"
                + "</member></struct></value>" + END);
    }

    @Test
    void bareReplyAsForSystemListMethods() {
        assertThat(string(XmlRpc.writeBare(List.of("VM.start", "VM.get_all")))).isEqualTo(RESPONSE
                + "<value><array><data><value>VM.start</value><value>VM.get_all</value></data></array></value>" + END);
    }

    @Test
    void taskResultOfASet() {
        assertThat(XmlRpc.valueToString(List.of("OpaqueRef:a")))
                .isEqualTo("<value><array><data><value>OpaqueRef:a</value></data></array></value>");
    }

    @Test
    void eachValueType() {
        assertThat(XmlRpc.valueToString("Running")).isEqualTo("<value>Running</value>");
        assertThat(XmlRpc.valueToString(1073741824L)).isEqualTo("<value>1073741824</value>");
        assertThat(XmlRpc.valueToString(-1L)).isEqualTo("<value>-1</value>");
        assertThat(XmlRpc.valueToString(5)).isEqualTo("<value><i4>5</i4></value>");
        assertThat(XmlRpc.valueToString(1.0)).isEqualTo("<value><double>1</double></value>");
        assertThat(XmlRpc.valueToString(0.5)).isEqualTo("<value><double>0.5</double></value>");
        assertThat(XmlRpc.valueToString(1e-20)).isEqualTo("<value><double>9.999999999999999e-21</double></value>");
        assertThat(XmlRpc.valueToString(Double.NaN)).isEqualTo("<value><double>nan</double></value>");
        assertThat(XmlRpc.valueToString(true)).isEqualTo("<value><boolean>1</boolean></value>");
        assertThat(XmlRpc.valueToString(false)).isEqualTo("<value><boolean>0</boolean></value>");
        assertThat(XmlRpc.valueToString(Instant.parse("2024-01-31T12:34:56.789Z")))
                .isEqualTo("<value><dateTime.iso8601>20240131T12:34:56Z</dateTime.iso8601></value>");
        assertThat(XmlRpc.valueToString(DateTimes.NEVER))
                .isEqualTo("<value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value>");
        assertThat(XmlRpc.valueToString(LocalDateTime.parse("2024-01-31T13:34:56.5")))
                .as("a local time, as host.get_server_localtime's: no Z")
                .isEqualTo("<value><dateTime.iso8601>20240131T13:34:56</dateTime.iso8601></value>");
        assertThat(XmlRpc.valueToString(new byte[] {0, (byte) 0xff, 'a'})).isEqualTo("<value><base64>AP9h</base64></value>");
        assertThat(XmlRpc.valueToString(null)).isEqualTo("<value><nil/></value>");
        assertThat(XmlRpc.valueToString(List.of())).isEqualTo("<value><array><data></data></array></value>");
        assertThat(XmlRpc.valueToString(Map.of())).isEqualTo("<value><struct></struct></value>");
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("b", 1L);
        map.put("a", List.of(true));
        map.put(7L, "int keys in decimal");
        assertThat(XmlRpc.valueToString(map)).isEqualTo("<value><struct>"
                + "<member><name>b</name><value>1</value></member>"
                + "<member><name>a</name><value><array><data><value><boolean>1</boolean></value></data></array></value></member>"
                + "<member><name>7</name><value>int keys in decimal</value></member></struct></value>");
    }

    @Test
    void textEscapedAsXapiDoes() {
        assertThat(XmlRpc.valueToString("a&b<c>d\"e'f\tg\nh")).isEqualTo("<value>a&amp;b&lt;c&gt;d&quot;e'f\tg\nh</value>");
        assertThat(string(XmlRpc.writeSuccess("é✓😀"))).contains("<value>é✓😀</value>");
        assertThat(XmlRpc.writeSuccess("é")).containsSequence((byte) 0xc3, (byte) 0xa9); // UTF-8
    }

    @Test
    void charactersXmlCannotCarryAreLeftOut() {
        assertThat(XmlRpc.valueToString("a\u0000b\u0001c\u001fd\ud800e\ufffef\uffff")).isEqualTo("<value>abcdef</value>");
    }

    @Test
    void carriageReturnAndMemberNamesSurviveUnlikeInXapi() {
        assertThat(XmlRpc.valueToString("a\r\nb")).isEqualTo("<value>a&#13;\nb</value>");
        assertThat(XmlRpc.valueToString(Map.of("x<&y", ""))).isEqualTo(
                "<value><struct><member><name>x&lt;&amp;y</name><value></value></member></struct></value>");
    }

    @Test
    void methodCall() {
        assertThat(string(XmlRpc.writeCall("session.login_with_password", List.of("root", "pa<ss")))).isEqualTo(
                "<?xml version=\"1.0\"?><methodCall><methodName>session.login_with_password</methodName><params>"
                + "<param><value>root</value></param><param><value>pa&lt;ss</value></param></params></methodCall>");
        assertThat(string(XmlRpc.writeCall("system.listMethods", List.of()))).isEqualTo(
                "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName><params></params></methodCall>");
    }

    @Test
    void otherJavaTypesAreRefused() {
        assertThatThrownBy(() -> XmlRpc.valueToString(1.5f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Float 1.5");
        assertThatThrownBy(() -> XmlRpc.valueToString(Map.of(1.5, "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map key");
    }

    @Test
    void aStreamedReplyIsTheWholeReplyInChunksOfBoundedSize() throws Exception {
        Map<String, Object> records = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            records.put("OpaqueRef:" + i, Map.of("name_label", "vm <" + i + "> é😀\r", "memory", (long) i << 20));
        }
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        List<Integer> chunks = new java.util.ArrayList<>();
        List<Boolean> lasts = new java.util.ArrayList<>();
        XmlRpc.writeSuccess(records, (bytes, length, last) -> {
            streamed.write(bytes, 0, length);
            chunks.add(length);
            lasts.add(last);
        });
        assertThat(streamed.toByteArray()).isEqualTo(XmlRpc.writeSuccess(records));
        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ReplyBytes.CHUNK));
        assertThat(lasts.subList(0, lasts.size() - 1)).containsOnly(false);
        assertThat(lasts.getLast()).isTrue();
        List<Integer> none = new java.util.ArrayList<>();
        assertThatThrownBy(() -> XmlRpc.writeSuccess(List.of("a", 1.5f), (bytes, length, last) -> none.add(length)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(none).isEmpty();
    }

    private static String string(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
