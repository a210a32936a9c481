package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading libxl JSON back refuses what it cannot hold instead of dropping it. */
class DomainConfigJsonTest {
    @Test
    void unknownFieldsAndValuesAreErrors() {
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": {\"type\": \"pv\", \"name\": \"a\", \"ssidref\": 3}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("c_info.ssidref: jxen does not hold this libxl field yet");
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": {\"type\": \"xen\"}}"))
                .hasMessageContaining("type: unknown value \"xen\"");
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": {\"type\": \"pv\", \"hap\": \"yes\"}}"))
                .hasMessageContaining("hap: expected \"True\" or \"False\"");
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": "))
                .hasMessageContaining("not JSON");
    }

    /** A running domain's configuration as libxl keeps it holds what libxl filled in: named, left out, the rest read. */
    @Test
    void aRunningDomainsConfigLeavesOutWhatTheModelDoesNotHoldAndSaysWhat() throws ConfigException {
        List<String> unknown = new ArrayList<>();
        DomainConfig c = DomainConfigJson.readRunning("{\"c_info\": {\"type\": \"pv\", \"name\": \"a\"}, \"b_info\": {"
                + "\"max_memkb\": 131072, \"sched_params\": {\"sched\": \"credit2\", \"weight\": 256}},"
                + " \"nics\": [{\"devid\": 0, \"mac\": \"00:16:3e:00:00:01\", \"frob\": 1}], \"on_poweroff\": \"preserve\"}", unknown);
        assertThat(unknown).containsExactly("b_info.sched_params.sched", "nics[].frob");
        assertThat(c.cInfo().name()).isEqualTo("a");
        assertThat(c.bInfo().maxMemkb()).isEqualTo(131072);
        assertThat(c.bInfo().schedParams().weight()).isEqualTo(256);
        assertThat(c.nics().getFirst().mac()).isEqualTo("00:16:3e:00:00:01");
        assertThat(c.onPoweroff()).isEqualTo(DomainConfig.Action.PRESERVE);
        assertThatThrownBy(() -> DomainConfigJson.readRunning("{\"on_poweroff\": \"explode\"}", unknown))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown value \"explode\"");
    }

    /**
     * libxl's key-value lists (c_info's xsdata and platformdata) as libxl_key_value_list_gen_json
     * writes them: an object in the list's order, a key without a value null, an empty list left
     * out; read back the same, anything but strings and null refused.
     */
    @Test
    void keyValueListsAreObjectsInOrderWithNullForAKeyWithoutAValue() throws Exception {
        String json = "{\"c_info\": {\"type\": \"pv\", \"name\": \"a\", \"xsdata\": {\"vm-data/b\": \"1\","
                + " \"vm-data/a\": null}, \"platformdata\": {\"acpi_s3\": \"0\"}, \"pool_name\": \"p\"}}";
        DomainConfig c = DomainConfigJson.read(json);
        assertThat(c.cInfo().xsdata()).containsExactly(Map.entry("vm-data/b", "1"), new AbstractMap.SimpleEntry<>("vm-data/a", null));
        assertThat(c.cInfo().platformdata()).containsExactly(Map.entry("acpi_s3", "0"));
        assertThat(LibxlJson.read(DomainConfigJson.write(c))).isEqualTo(LibxlJson.read(json));
        String written = DomainConfigJson.write(c); // in the IDL's order: after name and uuid, before pool_name
        assertThat(written.indexOf("\"name\"")).isLessThan(written.indexOf("\"xsdata\""));
        assertThat(written.indexOf("\"platformdata\"")).isLessThan(written.indexOf("\"pool_name\""));
        DomainConfig empty = c.withCreateInfo(c.cInfo().withXsdata(Map.of()));
        assertThat(empty.cInfo().xsdata()).isNull();
        assertThat(DomainConfigJson.write(empty)).doesNotContain("xsdata");
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": {\"type\": \"pv\", \"xsdata\": {\"k\": 1}}}"))
                .hasMessageContaining("c_info.xsdata.k: expected a string or null");
        assertThatThrownBy(() -> DomainConfigJson.read("{\"c_info\": {\"type\": \"pv\", \"xsdata\": [\"k\"]}}"))
                .hasMessageContaining("c_info.xsdata: expected an object of strings");
    }
}
