package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the XML-RPC reader accepts: every value form clients send (untagged, typed, Apache's
 * namespaced extensions, whitespace and comments between elements, CDATA, character references),
 * calls without params, and replies (success, failure, bare, fault). Malformed input is
 * XmlRpcMalformedTest's; Python's own output is PythonXmlRpcTest's.
 */
class XmlRpcReadTest {

    private static Object param(String value) throws RpcParseException {
        RpcCall call = XmlRpc.readCall(bytes("<methodCall><methodName>m</methodName><params><param>" + value
                + "</param></params></methodCall>"));
        assertThat(call.params()).hasSize(1);
        return call.params().getFirst();
    }

    /**
     * The JDK's parser caps a text's escapes (jdk.xml.maxGeneralEntitySizeLimit and its kin, 100,000
     * since JDK 24): a description full of quotes or ampersands in a call under XAPI's 300 KiB limit,
     * or in a reply of every VM's record, is still XML-RPC and must be read.
     */
    @Test
    void textOfManyEscapesIsReadHoweverLong() throws RpcParseException, XenApiFailure {
        String text = "\"<&>'".repeat(50_000);
        String lines = "é\n\"✓ <&>".repeat(15_000);
        assertThat(XmlRpc.readResponse(XmlRpc.writeSuccess(lines))).isEqualTo(lines);
        assertThat(param("<value>" + "&quot;&lt;&amp;&gt;&#39;".repeat(50_000) + "</value>")).isEqualTo(text);
        assertThat(XmlRpc.readResponse(XmlRpc.writeSuccess(java.util.Map.of("a", text, "b", text)))).isEqualTo(
                java.util.Map.of("a", text, "b", text));
    }

    @Test
    void untaggedValuesAreStringsWhateverTheyLookLike() throws RpcParseException {
        assertThat(param("<value>OpaqueRef:1</value>")).isEqualTo("OpaqueRef:1");
        assertThat(param("<value>1073741824</value>")).isEqualTo("1073741824");
        assertThat(param("<value></value>")).isEqualTo("");
        assertThat(param("<value/>")).isEqualTo("");
        assertThat(param("<value>  </value>")).isEqualTo("  ");
        assertThat(param("<value> a &amp; b &lt;&gt; &#13;&#x41;</value>")).isEqualTo(" a & b <> \rA");
        assertThat(param("<value><![CDATA[<raw> & ]]>more</value>")).isEqualTo("<raw> & more");
        assertThat(param("<value>a<!-- comment -->b</value>")).isEqualTo("ab");
    }

    @Test
    void typedScalars() throws RpcParseException {
        assertThat(param("<value><string>5</string></value>")).isEqualTo("5");
        assertThat(param("<value><string/></value>")).isEqualTo("");
        assertThat(param("<value><string> padded </string></value>")).isEqualTo(" padded ");
        assertThat(param("<value><int>5</int></value>")).isEqualTo(5L);
        assertThat(param("<value><i4>-2147483648</i4></value>")).isEqualTo(-2147483648L);
        assertThat(param("<value><i8>9223372036854775807</i8></value>")).isEqualTo(Long.MAX_VALUE);
        assertThat(param("<value><int> +7 </int></value>")).isEqualTo(7L);
        assertThat(param("<value><double>0.5</double></value>")).isEqualTo(0.5);
        assertThat(param("<value><double>1</double></value>")).isEqualTo(1.0);
        assertThat(param("<value><double>-1.5E+3</double></value>")).isEqualTo(-1500.0);
        assertThat(param("<value><double>9.999999999999999e-21</double></value>")).isEqualTo(1e-20);
        assertThat(param("<value><double>nan</double></value>")).isEqualTo(Double.NaN);
        assertThat(param("<value><double>-inf</double></value>")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(param("<value><double>Infinity</double></value>")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(param("<value><boolean>1</boolean></value>")).isEqualTo(true);
        assertThat(param("<value><boolean>0</boolean></value>")).isEqualTo(false);
        assertThat(param("<value><boolean>true</boolean></value>")).isEqualTo(true);
        assertThat(param("<value><dateTime.iso8601>20240131T12:34:56Z</dateTime.iso8601></value>"))
                .isEqualTo(Instant.parse("2024-01-31T12:34:56Z"));
        assertThat(param("<value><dateTime.iso8601>20240131T12:34:56</dateTime.iso8601></value>"))
                .isEqualTo(Instant.parse("2024-01-31T12:34:56Z"));
        assertThat(param("<value><dateTime.iso8601>2024-01-31T13:34:56+01:00</dateTime.iso8601></value>"))
                .isEqualTo(Instant.parse("2024-01-31T12:34:56Z"));
        assertThat(param("<value><nil/></value>")).isNull();
        assertThat(param("<value><nil></nil></value>")).isNull();
    }

    @Test
    void base64IsBytesWhitespaceAllowed() throws RpcParseException {
        assertThat((byte[]) param("<value><base64>\nAP9h\n</base64></value>")).containsExactly(0, 0xff, 'a');
        assertThat((byte[]) param("<value><base64></base64></value>")).isEmpty();
    }

    @Test
    void arraysAndStructsWithWhitespaceBetweenElements() throws RpcParseException {
        assertThat(param("<value>\n  <array>\n <data>\n<value><int>1</int></value>\n <value>a</value>\n"
                + "<value><array><data/></array></value></data>\n</array>\n</value>"))
                .isEqualTo(List.of(1L, "a", List.of()));
        assertThat(param("<value><array/></value>")).isEqualTo(List.of());
        assertThat(param("<value><array><data></data></array></value>")).isEqualTo(List.of());
        Object struct = param("<value><struct>\n<member>\n<name>z</name>\n<value>1</value></member>\n"
                + "<member><name>a</name><value><struct/></value></member>"
                + "<member><name></name><value><nil/></value></member></struct></value>");
        assertThat(struct).isInstanceOf(java.util.LinkedHashMap.class);
        assertThat(List.<Object>copyOf(((Map<?, ?>) struct).keySet())).containsExactly("z", "a", "");
        assertThat(((Map<?, ?>) struct).get("a")).isEqualTo(Map.of());
        assertThat(((Map<?, ?>) struct).get("")).isNull();
    }

    @Test
    void namespacedExtensionsOfApacheXmlRpc() throws RpcParseException {
        String ex = "xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
        assertThat(param("<value><ex:i8 " + ex + ">42</ex:i8></value>")).isEqualTo(42L);
        assertThat(param("<value><ex:nil " + ex + "/></value>")).isNull();
    }

    @Test
    void callsWithEmptyOrMissingParams() throws RpcParseException {
        assertThat(XmlRpc.readCall(bytes("<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods"
                + "</methodName><params/></methodCall>"))).isEqualTo(new RpcCall("system.listMethods", List.of()));
        assertThat(XmlRpc.readCall(bytes("<methodCall><methodName>system.listMethods</methodName></methodCall>")))
                .isEqualTo(new RpcCall("system.listMethods", List.of()));
        assertThat(XmlRpc.readCall(bytes("<?xml version='1.0' encoding='ISO-8859-1'?>\n<!-- hi -->\n<methodCall>\n"
                + "<methodName>VM.start</methodName>\n<params>\n<param>\n<value>x</value>\n</param>\n</params>\n"
                + "</methodCall>\n")).params()).containsExactly("x");
    }

    @Test
    void declaredEncodingIsHonoured() throws RpcParseException {
        byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>m</methodName>"
                + "<params><param><value>caf\u00e9</value></param></params></methodCall>").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(XmlRpc.readCall(latin1).params()).containsExactly("caf\u00e9");
    }

    @Test
    void nilParamsAreKept() throws RpcParseException {
        RpcCall call = XmlRpc.readCall(bytes("<methodCall><methodName>m</methodName><params><param><value><nil/>"
                + "</value></param><param><value>b</value></param></params></methodCall>"));
        assertThat(call.params()).containsExactly(null, "b");
    }

    @Test
    void successReplyGivesItsValue() throws Exception {
        assertThat(XmlRpc.readResponse(XmlRpc.writeSuccess(List.of("OpaqueRef:a", 3L))))
                .isEqualTo(List.of("OpaqueRef:a", "3"));
    }

    @Test
    void failureReplyIsThrown() {
        assertThatThrownBy(() -> XmlRpc.readResponse(XmlRpc.writeFailure(XenApiFailure.of(ErrorCodes.HANDLE_INVALID,
                "VM", "OpaqueRef:x")))).isInstanceOfSatisfying(XenApiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCodes.HANDLE_INVALID);
                    assertThat(f.params()).containsExactly("VM", "OpaqueRef:x");
                });
    }

    @Test
    void bareRepliesAreReturnedAsTheyAre() throws Exception {
        assertThat(XmlRpc.readResponse(XmlRpc.writeBare(List.of("VM.start")))).isEqualTo(List.of("VM.start"));
        assertThat(XmlRpc.readResponse(XmlRpc.writeBare(Map.of("Status", "Odd")))).isEqualTo(Map.of("Status", "Odd"));
    }

    @Test
    void faultReplyIsThrownAsOcamlRpcReportsIt() {
        String fault = "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value>"
                + "</member><member><name>faultString</name><value>Too many parameters</value></member></struct>"
                + "</value></fault></methodResponse>";
        assertThatThrownBy(() -> XmlRpc.readResponse(bytes(fault))).isInstanceOfSatisfying(XenApiFailure.class, f -> {
            assertThat(f.code()).isEqualTo(XmlRpc.FAULT);
            assertThat(f.params()).containsExactly("4", "Too many parameters");
        });
    }

    @Test
    void rpcCallKeepsACopy() {
        List<Object> params = new java.util.ArrayList<>(Arrays.asList("a", null));
        RpcCall call = new RpcCall("m", params);
        params.add("b");
        assertThat(call.params()).containsExactly("a", null);
        assertThatThrownBy(() -> call.params().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
