package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxen.api.WireEffects.afterJson;
import static org.jxen.api.WireEffects.afterXmlRpc;
import static org.jxen.api.WireEffects.ordered;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generated nested values (any strings, longs, ints, doubles from any bit pattern, booleans,
 * datetimes, nulls, lists, maps) written and read back by each codec give the same values, maps in
 * the same order, modulo what the wire does to them as XAPI writes it ({@link WireEffects}).
 * (byte[] is not generated; XmlRpcReadTest and the write tests cover it.)
 */
class RoundTripPropertyTest {
    @Property(tries = 500)
    void xmlRpcReply(@ForAll("values") Object value) throws Exception {
        assertThat(ordered(XmlRpc.readResponse(XmlRpc.writeSuccess(value)))).isEqualTo(ordered(afterXmlRpc(value)));
    }

    @Property(tries = 500)
    void xmlRpcTaskResult(@ForAll("values") Object value) throws Exception {
        String bare = "<methodResponse><params><param>" + XmlRpc.valueToString(value) + "</param></params></methodResponse>";
        assertThat(ordered(XmlRpc.readResponse(bare.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo(ordered(afterXmlRpc(value)));
    }

    @Property(tries = 300)
    void xmlRpcCall(@ForAll("keys") String method, @ForAll("params") List<Object> params) throws Exception {
        RpcCall call = XmlRpc.readCall(XmlRpc.writeCall(method, params));
        assertThat(call.method()).isEqualTo(method);
        assertThat(ordered(call.params())).isEqualTo(ordered(afterXmlRpc(params)));
    }

    @Property(tries = 300)
    void xmlRpcFailure(@ForAll("keys") String code, @ForAll("strings") List<String> params) {
        List<String> description = new ArrayList<>();
        description.add(code);
        description.addAll(params);
        assertThatThrownBy(() -> XmlRpc.readResponse(XmlRpc.writeFailure(new XenApiFailure(code, params))))
                .isInstanceOfSatisfying(XenApiFailure.class,
                        f -> assertThat(f.description()).isEqualTo(afterXmlRpc(description)));
    }

    @Property(tries = 500)
    void jsonRpcReply(@ForAll("values") Object value, @ForAll boolean version1) throws Exception {
        JsonRpc.Request request = new JsonRpc.Request(version1 ? 1 : 2, 3L, new RpcCall("m", List.of()));
        assertThat(ordered(JsonRpc.readResponse(JsonRpc.writeSuccess(request, value)))).isEqualTo(ordered(afterJson(value)));
    }

    @Property(tries = 300)
    void jsonRpcRequest(@ForAll long id, @ForAll("strings") List<String> method, @ForAll("params") List<Object> params)
            throws Exception {
        String name = String.join(".", method);
        JsonRpc.Request request = JsonRpc.readRequest(JsonRpc.writeRequest(id, name, params));
        assertThat(request.version()).isEqualTo(2);
        assertThat(request.id()).isEqualTo(id);
        assertThat(request.call().method()).isEqualTo(name);
        assertThat(ordered(request.call().params())).isEqualTo(ordered(afterJson(params)));
    }

    @Property(tries = 300)
    void jsonRpcFailure(@ForAll("strings") List<String> params, @ForAll boolean version1) {
        JsonRpc.Request request = new JsonRpc.Request(version1 ? 1 : 2, "id", new RpcCall("VM.start", List.of()));
        XenApiFailure failure = new XenApiFailure("SOME_CODE", params);
        assertThatThrownBy(() -> JsonRpc.readResponse(JsonRpc.writeFailure(request, failure)))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.description()).isEqualTo(failure.description()));
    }

    // ---- generators ----

    @Provide
    Arbitrary<Object> values() {
        return value(3);
    }

    @Provide
    Arbitrary<List<Object>> params() {
        return value(2).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<String>> strings() {
        return Arbitraries.strings().all().ofMaxLength(12).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Names and map keys: any text XML can carry (two keys that differed only in left-out characters would collide). */
    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange(' ', '\uD7FF').withChars('\t', '\n', '\r', '\uE000', '\uFFFD')
                .ofMaxLength(10);
    }

    private Arbitrary<Object> value(int depth) {
        Arbitrary<Object> scalar = Arbitraries.<Object>oneOf(List.of(
                Arbitraries.strings().all().ofMaxLength(16),
                Arbitraries.longs(),
                Arbitraries.integers(),
                Arbitraries.oneOf(Arbitraries.longs().map(Double::longBitsToDouble), Arbitraries.doubles(),
                        Arbitraries.of(0.0, -0.0, 0.1, 1e-20, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(-2_208_988_800L, 253_402_300_799L).map(Instant::ofEpochSecond)))
                .injectNull(0.05);
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Object> inner = value(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(1, inner.list().ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(4).map(map -> (Object) new LinkedHashMap<>(map))));
    }
}
