package org.jxen.cli.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON reading layer: values keep their path and place, so each error reads
 * {@code FILE:LINE:COL: path: what}; the place is the value's first character (a key's, for an
 * unknown key; the object's, for a missing one). Not covered: what the values mean (the readers
 * built on it, such as ScenarioReader, test that).
 */
class JsonInputTest {
    private static final String TEXT = """
            {
              "name": "web",
              "hosts": [
                {"cpus": 4},
                {"cpus": "many", "colour": "red"}
              ],
              "nested": {"list": [[1, 2], [3, true]]}
            }
            """;

    @Test
    void aBadValueIsReportedAtItsLineAndColumnWithItsPath() throws JsonInputException {
        JsonValue root = JsonInput.read("f.json", TEXT);
        JsonValue second = root.required("hosts").list().get(1);
        assertThat(catchThrowableOfType(JsonInputException.class, () -> second.required("cpus").integer(1, 64)))
                .hasMessage("f.json:5:14: hosts[1].cpus: expected a whole number from 1 to 64, found \"many\"");
        JsonValue deep = root.required("nested").required("list").list().get(1).list().get(1);
        assertThat(catchThrowableOfType(JsonInputException.class, () -> deep.integer(0, 9)))
                .hasMessage("f.json:7:35: nested.list[1][1]: expected a whole number from 0 to 9, found true");
        assertThat(root.required("hosts").list().get(0).required("cpus").integer(1, 64)).isEqualTo(4);
        assertThat(root.required("name").text()).isEqualTo("web");
    }

    @Test
    void anUnknownKeyIsReportedAtTheKeyAndAMissingOneAtItsObject() throws JsonInputException {
        JsonValue hosts = JsonInput.read("f.json", TEXT).required("hosts");
        JsonValue second = hosts.list().get(1);
        assertThat(catchThrowableOfType(JsonInputException.class, () -> second.object(Set.of("cpus"))))
                .hasMessage("f.json:5:22: hosts[1].colour: unknown key (known: cpus)");
        JsonValue first = hosts.list().get(0);
        assertThat(catchThrowableOfType(JsonInputException.class, () -> first.required("memory")))
                .hasMessage("f.json:4:5: hosts[0].memory: missing");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> hosts.text()))
                .hasMessage("f.json:3:12: hosts: expected a string, found [{\"cpus\":4},{\"cpus\":\"many\",\"colour\":\"red\"}]");
    }

    @Test
    void theRootAndKeysThatNeedEscapingInAPointerAreFound() throws JsonInputException {
        JsonValue root = JsonInput.read("f.json", "\n\n   [1]");
        assertThat(root.error("a scenario is an object")).hasMessage("f.json:3:4: a scenario is an object");
        JsonValue odd = JsonInput.read("f.json", "{\"a/b~c\": {\"x\": 1}}").required("a/b~c").required("x");
        assertThat(odd.error("no")).hasMessage("f.json:1:17: a/b~c.x: no");
    }

    @Test
    void textThatIsNotJsonIsReportedWhereTheParserStopped() {
        assertThat(catchThrowableOfType(JsonInputException.class, () -> JsonInput.read("f.json", "{\"a\": 1,\n \"b\": }")))
                .hasMessageStartingWith("f.json:2:7: not valid JSON: Unexpected character ('}'");
        assertThat(catchThrowableOfType(JsonInputException.class, () -> JsonInput.read("f.json", "  \n")))
                .hasMessage("f.json:1:1: not valid JSON: there is nothing in it");
    }
}
