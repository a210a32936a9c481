package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A disk given to {@code xl block-attach} in several arguments: each a specification of its own,
 * read one after the other into the one disk (xlu_disk_parse with several specs).
 */
class DeviceSpecsTest {
    @Test
    void aDiskInSeveralSpecificationsIsOneDisk() throws Exception {
        DomainConfig.Disk d = DeviceSpecs.disk(List.of("target=/srv/a.img", "vdev=xvdb", "access=ro"), "block-attach");
        assertThat(d.pdevPath()).isEqualTo("/srv/a.img");
        assertThat(d.vdev()).isEqualTo("xvdb");
        assertThat(d.readwrite()).isNull();
        // what one set stays set for the next: a prefix leaves no format slot, so xvdc is the vdev
        DomainConfig.Disk positional = DeviceSpecs.disk(List.of("phy:/dev/sdb", "xvdc", "w"), "block-attach");
        assertThat(positional.pdevPath()).isEqualTo("/dev/sdb");
        assertThat(positional.vdev()).isEqualTo("xvdc");
        assertThat(positional.readwrite()).isEqualTo(1);
    }

    @Test
    void aFaultNamesItsOwnSpecification() {
        assertThatThrownBy(() -> DeviceSpecs.disk(List.of("target=/srv/a.img", "vdev=xvdb", "vdev=xvdc"), "block-attach"))
                .hasMessage("block-attach:0:0: config parsing error in disk specification: vdev respecified: near"
                        + " `xvdc' in `vdev=xvdc'");
    }

    /** xl reports each fault of a spec on a line of its own, each with where it is. */
    @Test
    void everyFaultIsALineOfItsOwn() {
        assertThatThrownBy(() -> DeviceSpecs.disk(List.of("access=x, qcow, transport=mmio, xvdaa"), "block-attach"))
                .hasMessage("block-attach:0:0: config parsing error in disk specification: unknown value for access:"
                        + " near `x' in `access=x, qcow, transport=mmio, xvdaa'\n"
                        + "block-attach:0:0: config parsing error in disk specification: unknown parameter:"
                        + " near `transport=m' in `access=x, qcow, transport=mmio, xvdaa'");
    }
}
