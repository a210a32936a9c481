package org.jxen.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jxen.config.DomainConfig;
import org.junit.jupiter.api.Test;

/** A create's xsdata and platformdata keys: what XenStore takes below a domain's home, to the byte. */
class XenStoreDataTest {
    private static DomainConfig.CreateInfo info(Map<String, String> xsdata, Map<String, String> platformdata) {
        return new DomainConfig.CreateInfo(DomainConfig.DomainType.PV, null, null, null, "d", null, xsdata,
                platformdata, null, null, null, null, null);
    }

    @Test
    void keysUpToXenStoresLimitBelowTheHomeAreTaken() {
        // XENSTORE_REL_PATH_MAX, 2048: the part below /local/domain/N/, platform/ counted for platformdata
        assertThatCode(() -> XenStoreData.check(info(Map.of("a".repeat(2048), "v"), Map.of("b".repeat(2039), "v"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> XenStoreData.check(info(Map.of("a".repeat(2049), "v"), null)))
                .hasMessageContaining("at most 2048 bytes below the domain's home");
        assertThatThrownBy(() -> XenStoreData.check(info(null, Map.of("b".repeat(2040), "v"))))
                .hasMessageContaining("below /local/domain/N/platform/");
    }

    @Test
    void whatXenStoreRefusesIsNamed() {
        for (String bad : new String[] {"/vm-data/x", "vm-data//x", "vm-data/x/", "vm-data/a.b", "", "vm data"}) {
            assertThatThrownBy(() -> XenStoreData.check(info(Map.of(bad, "v"), null)))
                    .isInstanceOfSatisfying(ToolstackException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ToolstackException.Kind.INVALID);
                        assertThat(e.getMessage()).contains("xsdata key \"" + bad + "\"");
                    });
        }
    }
}
