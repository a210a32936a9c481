package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxen.api.WireEffects.afterJson;
import static org.jxen.api.WireEffects.afterXmlRpc;
import static org.jxen.api.WireEffects.ordered;
import static org.jxen.api.WireEffects.xmlChars;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;

/**
 * The four decoders on any bytes. Each reads the input or refuses it with an RpcParseException
 * that starts with what was being read (a reply may also be thrown as the XenApiFailure it
 * carries), never anything else: no NullPointer or ClassCast, no parser internals, no
 * StackOverflowError or OutOfMemoryError (Jazzer reports those as findings). And whatever is read,
 * written again by the same codec and read back, is the same value modulo what the wire does to it
 * ({@link WireEffects}); a JSON-RPC reply echoes the request's id.
 *
 * <p>With the tests this runs the seeds in {@code CodecFuzzTestInputs/<method>/}: requests and
 * replies of XenAPI.py, the Java SDK 8.1.0 and npm xen-api 4.7.6 recorded against jxend, and a
 * Python XML-RPC server's typed reply and fault; findings are kept there as regression inputs.
 * {@code JAZZER_FUZZ=1 mvn -pl xen-native,api -am verify -Dtest='CodecFuzzTest#xmlRpcCall'
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes one target (one per run) for {@code maxDuration},
 * or as long as {@code JAZZER_MAX_DURATION} says (docs/jxend.md, "Fuzzing and hostile clients").
 */
class CodecFuzzTest {
    private static final RpcCall SOME_CALL = new RpcCall("VM.get_record", List.of());

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "xml-rpc.dict")
    void xmlRpcCall(byte[] body) throws RpcParseException {
        RpcCall call;
        try {
            call = XmlRpc.readCall(body);
        } catch (RpcParseException refused) {
            assertThat(refused.getMessage()).startsWith("XML-RPC call");
            return;
        }
        RpcCall again = XmlRpc.readCall(XmlRpc.writeCall(call.method(), call.params()));
        assertThat(again.method()).isEqualTo(xmlChars(call.method()));
        assertThat(ordered(again.params())).isEqualTo(ordered(afterXmlRpc(call.params())));
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "xml-rpc.dict")
    void xmlRpcReply(byte[] body) throws RpcParseException, XenApiFailure {
        Object value;
        try {
            value = XmlRpc.readResponse(body);
        } catch (RpcParseException refused) {
            assertThat(refused.getMessage()).startsWith("XML-RPC reply");
            return;
        } catch (XenApiFailure failure) {
            assertThatThrownBy(() -> XmlRpc.readResponse(XmlRpc.writeFailure(failure)))
                    .isInstanceOfSatisfying(XenApiFailure.class,
                            f -> assertThat(f.description()).isEqualTo(afterXmlRpc(failure.description())));
            return;
        }
        assertThat(ordered(XmlRpc.readResponse(XmlRpc.writeSuccess(value)))).isEqualTo(ordered(afterXmlRpc(value)));
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "json-rpc.dict")
    void jsonRpcRequest(byte[] body) throws RpcParseException, XenApiFailure {
        JsonRpc.Request request;
        try {
            request = JsonRpc.readRequest(body);
        } catch (RpcParseException refused) {
            assertThat(refused.getMessage()).startsWith("JSON-RPC request");
            return;
        }
        RpcCall call = request.call();
        RpcCall again = JsonRpc.readRequest(JsonRpc.writeRequest(1, call.method(), call.params())).call();
        assertThat(again.method()).isEqualTo(call.method());
        assertThat(ordered(again.params())).isEqualTo(ordered(afterJson(call.params())));
        byte[] reply = JsonRpc.writeSuccess(request, call.params());
        assertThat(ordered(JsonRpc.readResponse(reply))).isEqualTo(ordered(afterJson(call.params())));
        assertThat(((Map<?, ?>) JsonReader.read(reply, "reply")).get("id")).isEqualTo(request.id());
    }

    @FuzzTest(maxDuration = "2m")
    @DictionaryFile(resourcePath = "json-rpc.dict")
    void jsonRpcReply(byte[] body) throws RpcParseException, XenApiFailure {
        JsonRpc.Request request = new JsonRpc.Request(2, 1L, SOME_CALL);
        Object value;
        try {
            value = JsonRpc.readResponse(body);
        } catch (RpcParseException refused) {
            assertThat(refused.getMessage()).startsWith("JSON-RPC reply");
            return;
        } catch (XenApiFailure failure) {
            assertThatThrownBy(() -> JsonRpc.readResponse(JsonRpc.writeFailure(request, failure)))
                    .isInstanceOfSatisfying(XenApiFailure.class,
                            f -> assertThat(f.description()).isEqualTo(failure.description()));
            return;
        }
        assertThat(ordered(JsonRpc.readResponse(JsonRpc.writeSuccess(request, value)))).isEqualTo(ordered(afterJson(value)));
    }
}
