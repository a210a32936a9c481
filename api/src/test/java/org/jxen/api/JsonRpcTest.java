package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON-RPC as XAPI writes and reads it (ocaml-rpc's jsonrpc.ml {@code json_of_response},
 * {@code version_id_and_call_of_string}, {@code get_response}; XAPI's api_server.ml for the 2.0
 * error object): the exact bytes of each envelope and value, every request shape XAPI accepts, and
 * both reply versions on the client side. Refused input is JsonRpcMalformedTest's.
 */
class JsonRpcTest {
    private static final JsonRpc.Request V1 = new JsonRpc.Request(1, 7L, new RpcCall("VM.start", List.of()));
    private static final JsonRpc.Request V2 = new JsonRpc.Request(2, "abc", new RpcCall("VM.start", List.of()));
    private static final XenApiFailure INVALID = XenApiFailure.of(ErrorCodes.SESSION_INVALID, "OpaqueRef:x");

    @Test
    void successEnvelopes() {
        assertThat(string(JsonRpc.writeSuccess(V1, "OpaqueRef:a"))).isEqualTo("{\"result\":\"OpaqueRef:a\",\"error\":null,\"id\":7}");
        assertThat(string(JsonRpc.writeSuccess(V2, "OpaqueRef:a"))).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"OpaqueRef:a\",\"id\":\"abc\"}");
        assertThat(string(JsonRpc.writeSuccess(V2, ""))).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"\",\"id\":\"abc\"}");
    }

    @Test
    void failureEnvelopes() {
        assertThat(string(JsonRpc.writeFailure(V1, INVALID)))
                .isEqualTo("{\"result\":null,\"error\":[\"SESSION_INVALID\",\"OpaqueRef:x\"],\"id\":7}");
        assertThat(string(JsonRpc.writeFailure(V2, INVALID))).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"SESSION_INVALID\",\"data\":[\"OpaqueRef:x\"]},\"id\":\"abc\"}");
        assertThat(string(JsonRpc.writeFailure(V2, XenApiFailure.of(ErrorCodes.EVENTS_LOST)))).isEqualTo(
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"EVENTS_LOST\",\"data\":[]},\"id\":\"abc\"}");
    }

    @Test
    void listMethodsFailuresStayArraysInVersion2AsXapiLeavesThem() {
        JsonRpc.Request listMethods = new JsonRpc.Request(2, 1L, new RpcCall("system.listMethods", List.of()));
        assertThat(string(JsonRpc.writeFailure(listMethods, XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "x"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"error\":[\"INTERNAL_ERROR\",\"x\"],\"id\":1}");
    }

    @Test
    void eachValueType() {
        Map<Object, Object> record = new LinkedHashMap<>();
        record.put("uuid", "0b5e");
        record.put("memory_static_max", 1073741824L);
        record.put("valid_ref_counts", 5);
        record.put("one", 1.0);
        record.put("half", 0.5);
        record.put("tiny", 1e-20);
        record.put("big", 123456789012345678.0);
        record.put("nan", Double.NaN);
        record.put("inf", Double.NEGATIVE_INFINITY);
        record.put("is_a_template", false);
        record.put("created", Instant.parse("2024-01-31T12:34:56Z"));
        record.put("local", LocalDateTime.parse("2024-01-31T13:34:56"));
        record.put("blob", new byte[] {0, (byte) 0xff, 'a'});
        record.put("tags", List.of());
        record.put("other_config", Map.of());
        record.put("nothing", null);
        record.put(3L, "int key");
        assertThat(string(JsonRpc.writeSuccess(V2, record))).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":{"
                + "\"uuid\":\"0b5e\",\"memory_static_max\":1073741824,\"valid_ref_counts\":5,\"one\":1.0,\"half\":0.5,"
                + "\"tiny\":9.999999999999999e-21,\"big\":1.2345678901234568e+17,\"nan\":\"NaN\",\"inf\":\"-Infinity\","
                + "\"is_a_template\":false,\"created\":\"20240131T12:34:56Z\",\"local\":\"20240131T13:34:56\","
                + "\"blob\":\"AP9h\",\"tags\":[],"
                + "\"other_config\":{},\"nothing\":null,\"3\":\"int key\"},\"id\":\"abc\"}");
    }

    @Test
    void stringsEscapedAsYojsonDoes() {
        assertThat(string(JsonRpc.writeSuccess(V2, "q\"b\\s/\b\f\n\r\t\u0001\u001f\u007f é✓😀")))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f é✓😀\",\"id\":\"abc\"}");
    }

    @Test
    void unpairedSurrogatesAreEscapedSoTheyReadBack() throws Exception {
        byte[] reply = JsonRpc.writeSuccess(V2, "a\ud800b\udc00");
        assertThat(string(reply)).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":\"a\\ud800b\\udc00\",\"id\":\"abc\"}");
        assertThat(JsonRpc.readResponse(reply)).isEqualTo("a\ud800b\udc00");
    }

    @Test
    void clientRequest() {
        assertThat(string(JsonRpc.writeRequest(42, "VM.get_all", List.of("OpaqueRef:s"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"VM.get_all\",\"params\":[\"OpaqueRef:s\"],\"id\":42}");
    }

    @Test
    void version1Request() throws RpcParseException {
        JsonRpc.Request r = JsonRpc.readRequest(bytes("{\"method\":\"VM.start\",\"params\":[\"s\",1,2.5,true,null,"
                + "{\"b\":[],\"a\":{}}],\"id\":9}"));
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.id()).isEqualTo(9L);
        assertThat(r.call().method()).isEqualTo("VM.start");
        assertThat(r.call().params()).containsExactly("s", 1L, 2.5, true, null, Map.of("b", List.of(), "a", Map.of()));
        assertThat(List.<Object>copyOf(((Map<?, ?>) r.call().params().get(5)).keySet())).containsExactly("b", "a");
    }

    @Test
    void version2Requests() throws RpcParseException {
        JsonRpc.Request array = JsonRpc.readRequest(bytes("{\"id\":\"x\",\"params\":[\"s\"],\"method\":\"m\",\"jsonrpc\":\"2.0\"}"));
        assertThat(array).isEqualTo(new JsonRpc.Request(2, "x", new RpcCall("m", List.of("s"))));
        JsonRpc.Request object = JsonRpc.readRequest(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":{\"k\":1},\"id\":0}"));
        assertThat(object.call().params()).containsExactly(Map.of("k", 1L));
        JsonRpc.Request none = JsonRpc.readRequest(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"id\":-3}"));
        assertThat(none.call().params()).isEmpty();
        assertThat(none.id()).isEqualTo(-3L);
        JsonRpc.Request nullParams = JsonRpc.readRequest(bytes("{\"jsonrpc\":\"2.0\",\"method\":\"m\",\"params\":null,\"id\":1}"));
        assertThat(nullParams.call().params()).isEmpty();
    }

    @Test
    void numbersAreLongsWhenIntegralDoublesOtherwise() throws RpcParseException {
        JsonRpc.Request r = JsonRpc.readRequest(bytes("\n{ \"jsonrpc\" : \"2.0\", \"method\" : \"m\", \"params\" : "
                + "[ 0, -9223372036854775808, 1.0, 1e3, -2.5E-3 ], \"id\" : 1 }\n"));
        assertThat(r.call().params()).containsExactly(0L, Long.MIN_VALUE, 1.0, 1000.0, -0.0025);
    }

    @Test
    void repliesOfBothVersions() throws Exception {
        assertThat(JsonRpc.readResponse(JsonRpc.writeSuccess(V1, List.of("a")))).isEqualTo(List.of("a"));
        assertThat(JsonRpc.readResponse(JsonRpc.writeSuccess(V2, Map.of("k", 5L)))).isEqualTo(Map.of("k", 5L));
        assertThat(JsonRpc.readResponse(bytes("{\"result\":null,\"error\":null,\"id\":1}"))).isNull();
        assertThat(JsonRpc.readResponse(bytes("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}"))).isNull();
    }

    @Test
    void failuresOfBothVersions() {
        for (byte[] reply : List.of(JsonRpc.writeFailure(V1, INVALID), JsonRpc.writeFailure(V2, INVALID),
                bytes("{\"jsonrpc\":\"2.0\",\"error\":[\"SESSION_INVALID\",\"OpaqueRef:x\"],\"id\":0}"))) {
            assertThatThrownBy(() -> JsonRpc.readResponse(reply)).isInstanceOfSatisfying(XenApiFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCodes.SESSION_INVALID);
                assertThat(f.params()).containsExactly("OpaqueRef:x");
            });
        }
    }

    @Test
    void anotherServersErrorObjectBecomesAFailureNamedByItsMessage() {
        assertThatThrownBy(() -> JsonRpc.readResponse(bytes("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,"
                + "\"message\":\"Method not found\"},\"id\":1}"))).isInstanceOfSatisfying(XenApiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo("Method not found");
                    assertThat(f.params()).isEmpty();
                });
    }

    @Test
    void requestRecordChecksItsParts() {
        assertThatThrownBy(() -> new JsonRpc.Request(3, 1L, new RpcCall("m", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 3");
        assertThatThrownBy(() -> new JsonRpc.Request(2, 1, new RpcCall("m", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a Long or a String");
    }

    @Test
    void nullParamsSurviveTheCall() throws RpcParseException {
        List<Object> params = new ArrayList<>(Arrays.asList("a", null));
        assertThat(JsonRpc.readRequest(JsonRpc.writeRequest(1, "m", params)).call().params()).containsExactly("a", null);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamedReplyIsTheWholeReplyInChunksOfBoundedSize() throws Exception {
        Map<String, Object> records = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            records.put("OpaqueRef:" + i, Map.of("name_label", "vm " + i + " é\n", "memory", (long) i << 20));
        }
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        List<Integer> chunks = new ArrayList<>();
        List<Boolean> lasts = new ArrayList<>();
        JsonRpc.writeSuccess(V2, records, (bytes, length, last) -> {
            streamed.write(bytes, 0, length);
            chunks.add(length);
            lasts.add(last);
        });
        assertThat(streamed.toByteArray()).isEqualTo(JsonRpc.writeSuccess(V2, records));
        assertThat(chunks).hasSizeGreaterThan(2).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ReplyBytes.CHUNK));
        assertThat(lasts.subList(0, lasts.size() - 1)).containsOnly(false);
        assertThat(lasts.getLast()).isTrue();
    }

    @Test
    void aFrozenRecordIsWrittenAsItsFieldsAndEncodedOnce() throws Exception {
        List<String> tags = new ArrayList<>(List.of("a"));
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
        fields.put("name_label", "vm \"é\"\n✓");
        fields.put("memory", 1L << 30);
        fields.put("utilisation", 0.25);
        fields.put("start_time", Instant.parse("2026-12-01T09:00:00Z"));
        fields.put("other_config", Map.of("k", "v"));
        fields.put("tags", tags);
        Map<String, Object> plain = new LinkedHashMap<>(fields);
        FrozenRecord frozen = new FrozenRecord(fields);
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("OpaqueRef:1", frozen);
        records.put("OpaqueRef:2", frozen);
        byte[] expected = JsonRpc.writeSuccess(V2, linked("OpaqueRef:1", plain, "OpaqueRef:2", plain));
        assertThat(JsonRpc.writeSuccess(V2, records)).isEqualTo(expected);
        java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
        JsonRpc.writeSuccess(V2, records, (bytes, length, last) -> streamed.write(bytes, 0, length));
        assertThat(streamed.toByteArray()).isEqualTo(expected);
        // the bytes are kept: a value changed against the contract does not show
        tags.add("b");
        assertThat(JsonRpc.writeSuccess(V2, records)).isEqualTo(expected);
        assertThat(JsonRpc.writeSuccess(V2, new FrozenRecord(new LinkedHashMap<>(plain))))
                .isNotEqualTo(JsonRpc.writeSuccess(V2, frozen));
    }

    private static Map<String, Object> linked(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void aReplyThatFailsToEncodeInItsFirstChunkHasSentNothing() {
        List<Integer> chunks = new ArrayList<>();
        assertThatThrownBy(() -> JsonRpc.writeSuccess(V2, List.of("a", new Object()), (bytes, length, last) -> chunks.add(length)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chunks).isEmpty();
    }

    @Test
    void aSinkThatFailsEndsTheStreamWithItsIOException() {
        List<String> many = java.util.Collections.nCopies(20_000, "OpaqueRef:0123456789");
        java.io.IOException gone = new java.io.IOException("the client went away");
        assertThatThrownBy(() -> JsonRpc.writeSuccess(V2, many, (bytes, length, last) -> {
            throw gone;
        })).isSameAs(gone);
    }

    private static String string(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
