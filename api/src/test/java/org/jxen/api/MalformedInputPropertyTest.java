package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Both readers on damaged versions of valid messages (cut, bytes deleted, inserted, overwritten,
 * repeated): each is read or refused with an RpcParseException (or, for a reply that still parses,
 * a XenApiFailure); nothing else ever escapes (no NPE, ClassCast, StackOverflow, parser internals).
 */
class MalformedInputPropertyTest {
    private static final List<Object> PARAMS = List.of("OpaqueRef:s", 5L, 7, 0.25, true, Instant.EPOCH,
            new byte[] {1, 2}, Arrays.asList("a", null, List.of()), Map.of("k", Map.of("v", "w")));
    private static final byte[] XML_CALL = XmlRpc.writeCall("VM.set_other_config", PARAMS);
    private static final byte[] XML_FAILURE = XmlRpc.writeFailure(XenApiFailure.of("HANDLE_INVALID", "VM", "x"));
    private static final byte[] JSON_CALL = JsonRpc.writeRequest(1, "VM.set_other_config", PARAMS);
    private static final byte[] JSON_FAILURE = JsonRpc.writeFailure(new JsonRpc.Request(2, 1L,
            new RpcCall("VM.start", List.of())), XenApiFailure.of("HANDLE_INVALID", "VM", "x"));
    private static final byte[] XML_ALPHABET = "<>/&;\"'=!?[]- \nabvxi".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_ALPHABET = "{}[]:,\"\\ -.0123456789eEnulltrue".getBytes(StandardCharsets.US_ASCII);

    @Property(tries = 3000)
    void damagedXmlRpcIsReadOrRefusedCleanly(@ForAll long seed) {
        Random random = new Random(seed);
        readsOrRefuses(() -> XmlRpc.readCall(Mutations.mutate(XML_CALL, random, XML_ALPHABET)));
        readsOrRefuses(() -> XmlRpc.readResponse(Mutations.mutate(XML_FAILURE, random, XML_ALPHABET)));
    }

    @Property(tries = 3000)
    void damagedJsonRpcIsReadOrRefusedCleanly(@ForAll long seed) {
        Random random = new Random(seed);
        readsOrRefuses(() -> JsonRpc.readRequest(Mutations.mutate(JSON_CALL, random, JSON_ALPHABET)));
        readsOrRefuses(() -> JsonRpc.readResponse(Mutations.mutate(JSON_FAILURE, random, JSON_ALPHABET)));
    }

    private interface Read {
        Object read() throws RpcParseException, XenApiFailure;
    }

    private static void readsOrRefuses(Read read) {
        try {
            read.read();
        } catch (RpcParseException | XenApiFailure expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
