package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxen.api.XmlRpcReadTest.bytes;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken and hostile XML-RPC: each is refused with an RpcParseException that says where (line:col)
 * and what was expected or is wrong. That nothing else is ever thrown is MalformedInputPropertyTest's.
 */
class XmlRpcMalformedTest {
    private static final String CALL = "<methodCall><methodName>m</methodName><params><param>%s</param></params></methodCall>";

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("<?xml version=\"1.0\"?><methodCall><methodName>VM.start</methodName><params><param><value>",
                        "XML document structures must start and end within the same entity"),
                Arguments.of("hello", "Content is not allowed in prolog"),
                Arguments.of("<methodResponse/>", "expected <methodCall>, found <methodResponse>"),
                Arguments.of("<methodCall><params/></methodCall>", "expected <methodName>, found <params>"),
                Arguments.of("<methodCall><methodName>m</methodName><param/></methodCall>",
                        "expected <params> or </methodCall>, found <param>"),
                Arguments.of("<methodCall><methodName>m<x/></methodName></methodCall>", "<methodName> holds only text, found <x>"),
                Arguments.of("<methodCall><methodName>m</methodName><params>junk<param/></params></methodCall>",
                        "unexpected text \"junk\""),
                Arguments.of(CALL.formatted("<int>5</int>"), "expected <value>, found <int>"),
                Arguments.of(CALL.formatted("<value><int>abc</int></value>"), "<int> holds \"abc\", not a 64-bit integer"),
                Arguments.of(CALL.formatted("<value><i8>9223372036854775808</i8></value>"), "not a 64-bit integer"),
                Arguments.of(CALL.formatted("<value><int><i4>1</i4></int></value>"), "<int> holds only text, found <i4>"),
                Arguments.of(CALL.formatted("<value><boolean>2</boolean></value>"), "<boolean> holds \"2\", expected 1 or 0"),
                Arguments.of(CALL.formatted("<value><double>1.5.5</double></value>"), "<double> holds \"1.5.5\", not a number"),
                Arguments.of(CALL.formatted("<value><double>0x1p3</double></value>"), "not a number"),
                Arguments.of(CALL.formatted("<value><dateTime.iso8601>yesterday</dateTime.iso8601></value>"),
                        "expected a date like 20240131T12:34:56Z"),
                Arguments.of(CALL.formatted("<value><base64>!!</base64></value>"), "<base64> does not hold base64"),
                Arguments.of(CALL.formatted("<value><float>1</float></value>"), "unknown value type <float>"),
                Arguments.of(CALL.formatted("<value>text<i4>1</i4></value>"),
                        "a <value> holds text or one typed element, not both"),
                Arguments.of(CALL.formatted("<value><i4>1</i4><i4>2</i4></value>"), "expected </value>, found <i4>"),
                Arguments.of(CALL.formatted("<value><nil>x</nil></value>"), "unexpected text \"x\""),
                Arguments.of(CALL.formatted("<value><array><value>1</value></array></value>"),
                        "expected <data> or </array>, found <value>"),
                Arguments.of(CALL.formatted("<value><array><data><i4>1</i4></data></array></value>"),
                        "expected <value> or </data>, found <i4>"),
                Arguments.of(CALL.formatted("<value><struct><value>1</value></struct></value>"),
                        "expected <member> or </struct>, found <value>"),
                Arguments.of(CALL.formatted("<value><struct><member><name>a</name></member></struct></value>"),
                        "expected <value>, found </member>"),
                Arguments.of(CALL.formatted("<value><struct><member><value>1</value><name>a</name></member></struct></value>"),
                        "expected <name>, found <value>"),
                Arguments.of(CALL.formatted("<value><struct><member><name>a</name><value>1</value></member>"
                        + "<member><name>a</name><value>2</value></member></struct></value>"),
                        "member \"a\" appears twice in one <struct>"),
                Arguments.of(CALL.formatted("<value>&foo;</value>"), "The entity \"foo\" was referenced, but not declared"),
                // CodecFuzzTest: 1.1 let "a&#1;" and "a" be two keys, one once written back as 1.0
                Arguments.of("<?xml version=\"1.1\"?>" + CALL.formatted("<value>&#1;</value>"), "XML 1.1 is not allowed"),
                Arguments.of(CALL.formatted("<value>a</value><value>b</value>"), "expected </param>, found <value>"),
                Arguments.of("<methodCall><methodName>m</methodName></methodCall><x/>", "markup in the document following"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void refusedSayingWhereAndWhat(String xml, String message) {
        assertThatThrownBy(() -> XmlRpc.readCall(bytes(xml))).isInstanceOf(RpcParseException.class)
                .hasMessageMatching("XML-RPC call \\d+:\\d+: .*")
                .hasMessageContaining(message);
    }

    @Test
    void emptyBody() {
        assertThatThrownBy(() -> XmlRpc.readCall(new byte[0])).isInstanceOf(RpcParseException.class)
                .hasMessage("XML-RPC call: the body is empty");
    }

    @Test
    void invalidUtf8() {
        byte[] body = bytes(CALL.formatted("<value>xx</value>"));
        body[body.length - 40] = (byte) 0xff;
        assertThatThrownBy(() -> XmlRpc.readCall(body)).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void externalEntityIsNeverRead() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>";
        assertThatThrownBy(() -> XmlRpc.readCall(bytes(xxe))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("a DOCTYPE is not allowed");
    }

    @Test
    void billionLaughsIsRefusedBeforeAnyExpansion() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE m [<!ENTITY l0 \"ha\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = dtd + "]><methodCall><methodName>&l9;</methodName></methodCall>";
        assertThatThrownBy(() -> XmlRpc.readCall(bytes(xml))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("a DOCTYPE is not allowed");
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() {
        int levels = 100_000;
        String deep = "<value><array><data>".repeat(levels) + "</data></array></value>".repeat(levels);
        assertThatThrownBy(() -> XmlRpc.readCall(bytes(CALL.formatted(deep)))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("values nested deeper than 100 levels");
        String deepStructs = "<value><struct><member><name>a</name>".repeat(levels)
                + "</member></struct></value>".repeat(levels);
        assertThatThrownBy(() -> XmlRpc.readCall(bytes(CALL.formatted(deepStructs)))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("values nested deeper than 100 levels");
    }

    @Test
    void nestingUpToTheLimitIsRead() throws RpcParseException {
        int levels = XmlRpcReader.MAX_DEPTH - 1;
        String deep = "<value><array><data>".repeat(levels) + "<value>x</value>" + "</data></array></value>".repeat(levels);
        Object value = XmlRpc.readCall(bytes(CALL.formatted(deep))).params().getFirst();
        for (int i = 0; i < levels; i++) {
            value = ((java.util.List<?>) value).getFirst();
        }
        assertThat(value).isEqualTo("x");
    }

    @Test
    void malformedReplies() {
        assertThatThrownBy(() -> XmlRpc.readResponse(bytes("<methodResponse><params><param><value>a</value></param>"
                + "<param><value>b</value></param></params></methodResponse>"))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("XML-RPC reply").hasMessageContaining("expected </params>, found <param>");
        assertThatThrownBy(() -> XmlRpc.readResponse(bytes("<methodResponse><fault><value>x</value></fault>"
                + "</methodResponse>"))).isInstanceOf(RpcParseException.class).hasMessageContaining("a <fault> holds a <struct>");
        assertThatThrownBy(() -> XmlRpc.readResponse(bytes("<methodResponse/>"))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("expected <params> or <fault>, found </methodResponse>");
    }
}
