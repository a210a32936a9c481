package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jxen.api.DateTimes;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.junit.jupiter.api.Test;

/**
 * Type.coerce per type, good and bad inputs, against what XAPI's unmarshalling accepts
 * (ocaml-rpc's rpc.ml and ppx_deriving_rpc, XAPI's Ref and Date): lenient numbers, strict booleans
 * and strings, case-insensitive enums, any string as a ref; every refusal is INTERNAL_ERROR naming
 * what was wrong. Also emptyValue per type. Records are covered by CreateInputTest.
 */
class TypeCoercionTest {
    private static final Type STRING = new Type.StringType();
    private static final Type INT = new Type.IntType();
    private static final Type FLOAT = new Type.FloatType();
    private static final Type BOOL = new Type.BoolType();
    private static final Type DATETIME = new Type.DateTimeType();
    private static final Type VM_REF = new Type.RefType("VM");
    private static final Type.EnumType POWER = new Type.EnumType("vm_power_state", List.of("Halted", "Paused", "Running", "Suspended"));

    private static void refused(Type type, Object wire, String... messageParts) {
        assertThatThrownBy(() -> type.coerce(wire, "VM.f x"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
                    assertThat(f.params()).hasSize(1);
                    assertThat(f.params().getFirst()).startsWith("VM.f x: expected ").contains(messageParts);
                });
    }

    @Test
    void emptyValues() {
        assertThat(STRING.emptyValue()).isEqualTo("");
        assertThat(INT.emptyValue()).isEqualTo(0L);
        assertThat(FLOAT.emptyValue()).isEqualTo(0.0);
        assertThat(BOOL.emptyValue()).isEqualTo(false);
        assertThat(DATETIME.emptyValue()).isEqualTo(DateTimes.NEVER);
        assertThat(VM_REF.emptyValue()).isEqualTo("OpaqueRef:NULL");
        assertThat(POWER.emptyValue()).isEqualTo("Halted");
        assertThat(new Type.SetType(STRING).emptyValue()).isEqualTo(List.of());
        assertThat(new Type.MapType(STRING, STRING).emptyValue()).isInstanceOf(LinkedHashMap.class).isEqualTo(Map.of());
    }

    @Test
    void string_onlyAString() throws XenApiFailure {
        assertThat(STRING.coerce("", "x")).isEqualTo("");
        assertThat(STRING.coerce("a b", "x")).isEqualTo("a b");
        refused(STRING, 5L, "string", "long 5");
        refused(STRING, null, "nil");
        refused(STRING, true, "boolean true");
    }

    @Test
    void int_fromIntegersAndNumericStrings() throws XenApiFailure {
        assertThat(INT.coerce(5L, "x")).isEqualTo(5L);
        assertThat(INT.coerce(7, "x")).isEqualTo(7L);
        assertThat(INT.coerce("1073741824", "x")).isEqualTo(1073741824L);
        assertThat(INT.coerce("-3", "x")).isEqualTo(-3L);
        assertThat(INT.coerce("+3", "x")).isEqualTo(3L);
        assertThat(INT.coerce("1_000", "x")).as("OCaml's Int64.of_string allows underscores").isEqualTo(1000L);
        assertThat(INT.coerce("0x1F", "x")).isEqualTo(31L);
        assertThat(INT.coerce("0o17", "x")).isEqualTo(15L);
        assertThat(INT.coerce("0b101", "x")).isEqualTo(5L);
        assertThat(INT.coerce("9223372036854775807", "x")).isEqualTo(Long.MAX_VALUE);
        refused(INT, "9223372036854775808", "int (64 bits)");
        refused(INT, "12abc", "int", "\"12abc\"");
        refused(INT, "", "int");
        refused(INT, " 1", "int");
        refused(INT, "_1", "int");
        refused(INT, 1.0, "int", "double 1.0");
        refused(INT, true, "int");
        refused(INT, null, "nil");
    }

    @Property
    void int_readsWhatALongPrints(@ForAll long n) throws XenApiFailure {
        assertThat(INT.coerce(Long.toString(n), "x")).isEqualTo(n);
    }

    @Test
    void float_fromFloatsIntegersAndNumericStrings() throws XenApiFailure {
        assertThat(FLOAT.coerce(1.5, "x")).isEqualTo(1.5);
        assertThat(FLOAT.coerce(2L, "x")).isEqualTo(2.0);
        assertThat(FLOAT.coerce(3, "x")).isEqualTo(3.0);
        assertThat(FLOAT.coerce("60.1", "x")).isEqualTo(60.1);
        assertThat(FLOAT.coerce("5", "x")).isEqualTo(5.0);
        assertThat(FLOAT.coerce("1e3", "x")).isEqualTo(1000.0);
        assertThat(FLOAT.coerce("-.5", "x")).isEqualTo(-0.5);
        assertThat(FLOAT.coerce("2.", "x")).isEqualTo(2.0);
        assertThat((Double) FLOAT.coerce("nan", "x")).isNaN();
        assertThat(FLOAT.coerce("-inf", "x")).isEqualTo(Double.NEGATIVE_INFINITY);
        refused(FLOAT, "1.5d", "float");
        refused(FLOAT, "one", "float");
        refused(FLOAT, "", "float");
        refused(FLOAT, false, "float");
    }

    @Test
    void bool_onlyABoolean() throws XenApiFailure {
        assertThat(BOOL.coerce(true, "x")).isEqualTo(true);
        assertThat(BOOL.coerce(false, "x")).isEqualTo(false);
        refused(BOOL, "true", "bool", "string \"true\"");
        refused(BOOL, 1L, "bool");
        refused(BOOL, 1, "bool");
    }

    @Test
    void datetime_fromInstantOrXapiText() throws XenApiFailure {
        Instant t = Instant.parse("2024-01-31T12:34:56Z");
        assertThat(DATETIME.coerce(t, "x")).isEqualTo(t);
        assertThat(DATETIME.coerce("20240131T12:34:56Z", "x")).isEqualTo(t);
        assertThat(DATETIME.coerce("20240131T12:34:56", "x")).isEqualTo(t);
        assertThat(DATETIME.coerce("2024-01-31T12:34:56Z", "x")).isEqualTo(t);
        refused(DATETIME, "yesterday", "datetime");
        refused(DATETIME, 1706704496L, "datetime");
    }

    @Test
    void ref_anyString() throws XenApiFailure {
        assertThat(VM_REF.coerce("OpaqueRef:0b9f2e4a-0000-0000-0000-000000000001", "x"))
                .isEqualTo("OpaqueRef:0b9f2e4a-0000-0000-0000-000000000001");
        assertThat(VM_REF.coerce("OpaqueRef:NULL", "x")).isEqualTo("OpaqueRef:NULL");
        assertThat(VM_REF.coerce("not-a-ref", "x")).as("XAPI's Ref.of_string takes it; a lookup fails later").isEqualTo("not-a-ref");
        refused(VM_REF, 3L, "VM ref");
        refused(VM_REF, List.of(), "VM ref", "an array of 0");
    }

    @Test
    void enum_oneOfTheValuesInAnyCase() throws XenApiFailure {
        assertThat(POWER.coerce("Running", "x")).isEqualTo("Running");
        assertThat(POWER.coerce("running", "x")).as("ppx_deriving_rpc compares lower-cased").isEqualTo("Running");
        assertThat(POWER.coerce("HALTED", "x")).isEqualTo("Halted");
        refused(POWER, "UNRECOGNIZED", "one of Halted, Paused, Running, Suspended", "\"UNRECOGNIZED\"");
        refused(POWER, "", "one of");
        refused(POWER, 1L, "one of");
    }

    @Test
    void set_elementWise() throws XenApiFailure {
        Type ints = new Type.SetType(INT);
        assertThat(ints.coerce(List.of(1L, "2", 3), "x")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(ints.coerce(List.of(), "x")).isEqualTo(List.of());
        assertThatThrownBy(() -> ints.coerce(List.of(1L, "two"), "VM.f x"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst()).startsWith("VM.f x[1]: expected int"));
        refused(ints, Map.of(), "int set", "a struct of 0");
        refused(ints, "1", "int set");
    }

    @Test
    void map_keysAndValuesReadAsTheirTypes_keysKeptAsWireText() throws XenApiFailure {
        Type utilisation = new Type.MapType(INT, FLOAT);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("0", "0.5");
        wire.put("01", 1L);
        assertThat(utilisation.coerce(wire, "x")).isEqualTo(Map.of("0", 0.5, "1", 1.0));
        Type blocked = new Type.MapType(new Type.EnumType("vm_operations", List.of("start", "clean_shutdown")), STRING);
        assertThat(blocked.coerce(Map.of("START", "no"), "x")).isEqualTo(Map.of("start", "no"));
        assertThatThrownBy(() -> blocked.coerce(Map.of("reboot", "no"), "VM.f x"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst()).startsWith("VM.f x key: expected one of"));
        assertThatThrownBy(() -> utilisation.coerce(Map.of("0", true), "VM.f x"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst()).startsWith("VM.f x[0]: expected float"));
        refused(utilisation, List.of(), "(int -> float) map");
    }

    @Test
    void coerce_returnsFreshMutableCollections() throws XenApiFailure {
        @SuppressWarnings("unchecked")
        List<Object> set = (List<Object>) new Type.SetType(STRING).coerce(List.of("a"), "x");
        set.add("b");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) new Type.MapType(STRING, STRING).coerce(Map.of("a", "b"), "x");
        map.put("c", "d");
        assertThat(set).containsExactly("a", "b");
        assertThat(map).containsEntry("c", "d");
    }
}
