package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * {@code get_all_records_where}'s expressions as XAPI's database reads them (ocaml/database
 * db_filter_lex.mll, db_filter_parse.mly, db_filter.ml; columns as Schema.Value.marshal and the
 * generated DM_to_String write them): the grammar's precedence, the lexer's words, the errors and
 * their reasons, and each kind of field's text.
 */
class RowFilterTest {
    private static final ApiClass VM = DataModel.xenApi().cls("VM");
    private static final String REF = "OpaqueRef:7d2a";

    private static Map<String, Object> vm() {
        Map<String, Object> record = VM.newRecord();
        record.put("name_label", "web");
        record.put("power_state", "Running");
        record.put("memory_static_max", 1073741824L);
        record.put("HVM_shadow_multiplier", 1.0);
        record.put("tags", List.of("blue", "it's"));
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("k", "a\\b");
        other.put("x", "");
        record.put("other_config", other);
        return record;
    }

    private static boolean matches(String expr) throws XenApiFailure {
        return RowFilter.parse(expr).test(VM.columns(REF, vm()));
    }

    private static List<String> failure(String expr) {
        try {
            matches(expr);
        } catch (XenApiFailure e) {
            return Stream.concat(Stream.of(e.code()), e.params().stream().map(String::valueOf)).toList();
        }
        throw new AssertionError("no failure for " + expr);
    }

    @Test
    void fieldsAreNamedByTheirDatabaseColumns() throws Exception {
        assertThat(matches("field \"name__label\"=\"web\"")).isTrue();
        assertThat(matches("field \"power_state\" = \"Running\"")).isTrue();
        assertThat(matches("\"Halted\" = field \"power_state\"")).isFalse();
        assertThat(matches("field \"memory__static_max\"=\"1073741824\"")).isTrue();
        assertThat(matches("field \"_ref\"=\"" + REF + "\"")).isTrue();
        assertThat(failure("field \"name_label\"=\"web\""))
                .containsExactly(ErrorCodes.INTERNAL_ERROR, "missing field", "name_label", "");
        assertThat(failure("field \"memory_static_max\"=\"1\""))
                .containsExactly(ErrorCodes.INTERNAL_ERROR, "missing field", "memory_static_max", "");
    }

    @Test
    void valuesAreTheDatabasesText() throws Exception {
        assertThat(matches("field \"is_a_template\"=\"false\"")).isTrue();
        assertThat(matches("field \"HVM__shadow_multiplier\"=\"1\"")).isTrue();
        assertThat(matches("field \"tags\"=\"('blue' 'it\\'s')\"")).isTrue();
        assertThat(matches("field \"other_config\"=\"(('k' 'a\\\\b') ('x' ''))\"")).isTrue();
        assertThat(matches("field \"VBDs\"=\"()\"")).isTrue();
        assertThat(matches("field \"resident_on\"=\"OpaqueRef:NULL\"")).isTrue();
    }

    @Test
    void databaseText_printsEachType() {
        assertThat(DatabaseText.of(new Type.FloatType(), 0.1)).isEqualTo("0.100000000000000006");
        assertThat(DatabaseText.of(new Type.FloatType(), 2.5e-7)).isEqualTo("2.49999999999999989e-07");
        assertThat(DatabaseText.of(new Type.DateTimeType(), Instant.parse("2026-12-01T06:07:08Z"))).isEqualTo("20261201T06:07:08Z");
        assertThat(DatabaseText.of(new Type.MapType(new Type.IntType(), new Type.FloatType()), Map.of("0", 0.5)))
                .isEqualTo("(('0' '0.5'))");
        assertThat(DatabaseText.of(new Type.BoolType(), true)).isEqualTo("true");
    }

    @Test
    void andAndOrBindEquallyFromTheLeft_notTakesTheRest() throws Exception {
        String t = "\"a\"=\"a\"";
        String f = "\"a\"=\"b\"";
        assertThat(matches(t + " or " + t + " and " + f)).as("(t or t) and f").isFalse();
        assertThat(matches(f + " and " + t + " or " + t)).as("(f and t) or t").isTrue();
        assertThat(matches("not " + t + " and " + f)).as("not (t and f)").isTrue();
        assertThat(matches("(not " + t + ") and " + f)).isFalse();
        assertThat(matches(t + " and not " + f + " or " + t)).as("t and not (f or t)").isFalse();
        assertThat(matches("not not true")).isTrue();
        assertThat(matches("(((false)) or\ttrue\n)")).isTrue();
        assertThat(matches("field\"power_state\"=\"Running\"and true")).as("no blanks needed").isTrue();
    }

    @Test
    void andAndOrStopAtTheFirstOperandThatDecides() throws Exception {
        assertThat(matches("false and field \"nothing\"=\"x\"")).isFalse();
        assertThat(matches("true or field \"nothing\"=\"x\"")).isTrue();
        assertThat(failure("field \"nothing\"=\"x\" and false")).contains("nothing");
        assertThat(failure("field \"left\"=field \"right\"")).as("the right operand is read first").contains("right");
    }

    @Test
    void malformedExpressions_areInvalidValueWithOcamlsReason() {
        String parse = RowFilter.PARSE_ERROR;
        String lexing = RowFilter.LEXING_ERROR;
        assertThat(failure("")).containsExactly(ErrorCodes.INVALID_VALUE, "", parse);
        assertThat(failure("\"a\"=")).containsExactly(ErrorCodes.INVALID_VALUE, "\"a\"=", parse);
        assertThat(failure("true = \"x\"")).containsExactly(ErrorCodes.INVALID_VALUE, "true = \"x\"", parse);
        assertThat(failure("\"a\"=\"b\"=\"c\"")).contains(parse);
        assertThat(failure("(true")).contains(parse);
        assertThat(failure("true)")).contains(parse);
        assertThat(failure("field field \"a\"=\"b\"")).contains(parse);
        assertThat(failure("\"a\"<>\"b\"")).contains(lexing);
        assertThat(failure("\"a\"=\"b")).contains(lexing);
        assertThat(failure("trueish")).as("'true' matches, then 'ish' is no token").contains(lexing);
        assertThat(failure("true\r")).as("a carriage return is not a blank").contains(lexing);
        assertThat(failure("TRUE")).contains(lexing);
        assertThat(failure("\"a\"= = $")).as("the grammar fails before the lexer reaches $").contains(parse);
    }
}
