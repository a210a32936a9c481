package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model file's reader on small inputs: what a well-formed file gives (fields, defaults,
 * generic and explicit messages) and that each kind of malformed line is refused with its line
 * number. The shipped file itself is covered by DataModelTest.
 */
class ModelReaderTest {
    private static final String SMALL = """
            # a comment
            version 2.21
            enum colour: red green

            class thing: create destroy get_all get_by_name_label
              uuid: string, DynamicRO
              name_label: string, RW = ""
              colour: enum colour, StaticRO = "green"
              tags: string set, RW = ["a, b"]
              other_config: (string -> string) map, RW = {"k": "v, w"}
              size: int, DynamicRO
              message paint(self: thing ref, colour: enum colour, dry: bool = false) -> thing ref, async
              message hello() -> string, no-session
            """;

    @Test
    void small_givesFieldsDefaultsAndMessagesInXapisOrder() {
        ApiClass thing = ModelReader.read("small", SMALL).cls("thing");
        assertThat(thing.fields()).extracting(Field::name).containsExactly("uuid", "name_label", "colour", "tags", "other_config", "size");
        assertThat(thing.newRecord()).containsExactly(Map.entry("uuid", ""), Map.entry("name_label", ""), Map.entry("colour", "green"),
                Map.entry("tags", List.of("a, b")), Map.entry("other_config", Map.of("k", "v, w")), Map.entry("size", 0L));
        assertThat(thing.messages()).extracting(Message::name).containsExactly(
                "get_record", "get_by_uuid", "create", "destroy", "get_by_name_label",
                "get_uuid", "get_name_label", "get_colour", "get_tags", "get_other_config", "get_size",
                "set_name_label", "set_tags", "add_tags", "remove_tags", "set_other_config", "add_to_other_config", "remove_from_other_config",
                "paint", "hello",
                "get_all", "get_all_where", "get_all_records_where", "get_all_records");
        Message paint = thing.message("paint").orElseThrow();
        assertThat(paint.params()).extracting(Param::optional).containsExactly(false, false, true);
        assertThat(paint.params().get(2).defaultValue()).isEqualTo(false);
        assertThat(paint.result()).isEqualTo(new Type.RefType("thing"));
        assertThat(paint.async()).isTrue();
        assertThat(thing.message("hello").orElseThrow().takesSession()).isFalse();
        assertThat(thing.message("create").orElseThrow().params().getFirst().type()).isEqualTo(new Type.RecordType("thing"));
    }

    @Test
    void explicitOnly_hasNoGenericMessages() {
        DataModel m = ModelReader.read("t", "version 1.0\nclass ev: explicit-only\n  id: int, StaticRO\n  message from() -> string\n");
        assertThat(m.cls("ev").messages()).extracting(Message::name).containsExactly("from");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown word            | version 2.21~frob x                                  | t:2: expected 'version', 'enum' or 'class'
            bad version             | version two                                          | t:1: expected 'version <major>.<minor>'
            no version              | enum e: a                                            | t:1: no 'version' line
            enum without values     | version 1.0~enum e:                                  | t:2: enum e has no values
            enum twice              | version 1.0~enum e: a~enum e: b                      | t:3: enum e declared twice
            member outside a class  | version 1.0~  uuid: string, RW                       | t:2: an indented line outside a class
            unknown class flag      | version 1.0~class c: frob                            | t:2: unknown class flag 'frob'
            class twice             | version 1.0~class c:~class c:                        | t:3: class c declared twice
            undeclared enum         | version 1.0~class c:~  f: enum e, RW                 | t:3: enum e is not declared
            bad type                | version 1.0~class c:~  f: strin, RW                  | t:3: expected 'ref' or 'record' after strin
            bad map                 | version 1.0~class c:~  f: (string string) map, RW    | t:3: expected '->'
            bad qualifier           | version 1.0~class c:~  f: string, ReadWrite          | t:3: expected RW, StaticRO or DynamicRO
            no qualifier            | version 1.0~class c:~  f: string                     | t:3: expected '<field>: <type>, <qualifier>
            bad default type        | version 1.0~class c:~  f: int, RW = "x"              | t:3: default "x" is not a int
            bad default JSON        | version 1.0~class c:~  f: int, RW = {               | t:3: default { is not a JSON value
            field twice             | version 1.0~class c:~  f: int, RW~  f: int, RW       | t:4: field f declared twice
            bad message             | version 1.0~class c:~  message m                     | t:3: expected 'message <name>(<params>)
            bad message name        | version 1.0~class c:~  message 9m()                  | t:3: expected a name at the start of '9m()'
            bad field name          | version 1.0~class c:~  f-g: int, RW                  | t:3: expected a name at the start of 'f-g: int, RW'
            bad result              | version 1.0~class c:~  message m() string            | t:3: expected ' -> <type>'
            unknown message flag    | version 1.0~class c:~  message m(), sync             | t:3: unknown message flag 'sync'
            message clashes         | version 1.0~class c:~  f: int, RW~  message set_f()  | t:2: class c has two messages named set_f
            record of no class      | version 1.0~class c:~  message m(x: d record)        | t:3: 'd record' names no class of the model
            empty namespace         | version 1.0~class c:~  namespaces name~  f: int, RW  | t:2: class c has no field in namespace name
            bad namespace           | version 1.0~class c:~  namespaces n-s                | t:3: expected a name at the start of 'namespaces n-s'
            """)
    void malformed_isRefusedWithItsLine(String what, String text, String error) {
        assertThatThrownBy(() -> ModelReader.read("t", text.replace("~", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(error);
    }
}
