package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
