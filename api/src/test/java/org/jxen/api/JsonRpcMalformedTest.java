package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxen.api.JsonRpcTest.bytes;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON-RPC XAPI refuses (and some it would take but should not: duplicate members, nesting past
 * the limit), each with an RpcParseException saying what is wrong and, for syntax, where. That
 * nothing else is ever thrown is MalformedInputPropertyTest's.
 */
class JsonRpcMalformedTest {
    private static final String OK_START = "{\"jsonrpc\":\"2.0\",\"method\":\"m\",";

    static Stream<Arguments> brokenRequests() {
        return Stream.of(
                Arguments.of("{", "JSON-RPC request 1:2: Unexpected end-of-input: expected close marker for Object (start marker at 1:1)"),
                Arguments.of("{\"method\":\"m\",\"params\":[1,", "Unexpected end-of-input"),
                Arguments.of("hello", "JSON-RPC request 1:6: Unrecognized token 'hello'"),
                Arguments.of("[1]", "expected an object like {\"jsonrpc\":\"2.0\",\"method\":...,\"params\":[...],\"id\":1}"),
                Arguments.of("{\"params\":[],\"id\":1}", "member \"method\" must be a string, found no such member"),
                Arguments.of("{\"method\":1,\"params\":[],\"id\":1}", "member \"method\" must be a string, found long 1"),
                Arguments.of("{\"jsonrpc\":\"1.0\",\"method\":\"m\",\"params\":[],\"id\":1}",
                        "member \"jsonrpc\" must be \"2.0\" or no such member (1.0), found the string \"1.0\""),
                Arguments.of("{\"method\":\"m\",\"id\":1}", "member \"params\" must be an array (JSON-RPC 1.0), found no such member"),
                Arguments.of("{\"method\":\"m\",\"params\":{},\"id\":1}", "member \"params\" must be an array (JSON-RPC 1.0), found an object"),
                Arguments.of(OK_START + "\"params\":5,\"id\":1}",
                        "member \"params\" must be an array, an object or no such member, found long 5"),
                Arguments.of(OK_START + "\"params\":\"a\",\"id\":1}", "found the string \"a\""),
                Arguments.of(OK_START + "\"params\":[]}",
                        "member \"id\" must be an integer or a string (XAPI answers no notifications), found no such member"),
                Arguments.of(OK_START + "\"params\":[],\"id\":null}", "member \"id\" must be an integer or a string"),
                Arguments.of(OK_START + "\"params\":[],\"id\":{}}", "member \"id\" must be an integer or a string (XAPI answers no notifications), found an object"),
                Arguments.of(OK_START + "\"params\":[],\"id\":[1]}", "found an array"),
                Arguments.of(OK_START + "\"params\":[],\"id\":1.5}", "found double 1.5"),
                Arguments.of(OK_START + "\"params\":[],\"id\":true}", "found boolean true"),
                Arguments.of(OK_START + "\"params\":[123456789012345678901234567890],\"id\":1}",
                        "the integer 123456789012345678901234567890 does not fit in 64 bits"),
                Arguments.of(OK_START + "\"params\":[],\"id\":1,\"id\":2}", "Duplicate field 'id'"),
                Arguments.of(OK_START + "\"params\":[NaN],\"id\":1}", "Non-standard token 'NaN'"),
                Arguments.of(OK_START + "\"params\":[],\"id\":1} {}", "more after the end of the JSON value"),
                Arguments.of(OK_START + "\"params\":[],\"id\":1} x", "Unrecognized token 'x'"));
    }

    @ParameterizedTest
    @MethodSource("brokenRequests")
    void refusedSayingWhat(String json, String message) {
        assertThatThrownBy(() -> JsonRpc.readRequest(bytes(json))).isInstanceOf(RpcParseException.class)
                .hasMessageStartingWith("JSON-RPC request")
                .hasMessageContaining(message);
    }

    @Test
    void emptyBody() {
        assertThatThrownBy(() -> JsonRpc.readRequest(new byte[0])).isInstanceOf(RpcParseException.class)
                .hasMessage("JSON-RPC request: the body is empty");
    }

    @Test
    void invalidUtf8() {
        byte[] body = bytes(OK_START + "\"params\":[\"xx\"],\"id\":1}");
        body[body.length - 10] = (byte) 0xff;
        assertThatThrownBy(() -> JsonRpc.readRequest(body)).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("Invalid UTF-8");
    }

    @Test
    void deepNestingIsRefusedAtTheLimit() {
        int levels = 100_000;
        String deep = OK_START + "\"params\":" + "[".repeat(levels) + "]".repeat(levels) + ",\"id\":1}";
        assertThatThrownBy(() -> JsonRpc.readRequest(bytes(deep))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("values nested deeper than 100 levels");
        String objects = OK_START + "\"params\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + ",\"id\":1}";
        assertThatThrownBy(() -> JsonRpc.readRequest(bytes(objects))).isInstanceOf(RpcParseException.class)
                .hasMessageContaining("values nested deeper than 100 levels");
    }

    static Stream<Arguments> brokenReplies() {
        return Stream.of(
                Arguments.of("{\"result\":1}", "member \"id\" must be an integer or a string, found no such member"),
                Arguments.of("{\"result\":1,\"id\":{}}", "member \"id\" must be an integer or a string, found an object"),
                Arguments.of("{\"result\":1,\"id\":1}", "a JSON-RPC 1.0 reply has both result and error (one null), found members [result, id]"),
                Arguments.of("{\"result\":1,\"error\":[\"X\"],\"id\":1}", "both result and error are set"),
                Arguments.of("{\"jsonrpc\":\"3\",\"result\":1,\"id\":1}", "member \"jsonrpc\" must be \"2.0\", found the string \"3\""),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"id\":1}", "exactly one of result and error, found members [jsonrpc, id]"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"result\":1,\"error\":null,\"id\":1}", "exactly one of result and error"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"error\":\"boom\",\"id\":1}", "error must be [code, params...] or"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"data\":[]},\"id\":1}", "found an object"),
                Arguments.of("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":1,\"message\":\"X\",\"data\":5},\"id\":1}", "found an object"),
                Arguments.of("<html>", "JSON-RPC reply 1:1: Unexpected character ('<'"));
    }

    @ParameterizedTest
    @MethodSource("brokenReplies")
    void brokenRepliesRefusedSayingWhat(String json, String message) {
        assertThatThrownBy(() -> JsonRpc.readResponse(bytes(json))).isInstanceOf(RpcParseException.class)
                .hasMessageStartingWith("JSON-RPC reply")
                .hasMessageContaining(message);
    }
}
