package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.java.LibxlDefaultsHost.PathKind;
import org.junit.jupiter.api.Test;

/** The block script's loop devices: the first free one in the backend's domain, freed at removal. */
class BlockScriptTest {
    private final BlockScript script = new BlockScript(p -> p.startsWith("/dev/") ? PathKind.BLOCK_DEVICE : PathKind.REGULAR_FILE);

    private static DeviceTree.Device vbd(int domid, int backendDomid, String params, String script) {
        return new DeviceTree.Device(DeviceStatus.Kind.VBD, "vbd", domid, 51712, backendDomid,
                DomainTree.entries("params", params, "script", "/etc/xen/scripts/" + script), Map.of(), Map.of());
    }

    @Test
    void eachFileTakesTheFirstFreeLoopDeviceOfItsBackendDomain() {
        DeviceTree.Device a = vbd(1, 0, "/srv/a.img", "block");
        DeviceTree.Device b = vbd(2, 0, "/srv/b.img", "block");
        assertThat(script.add(a)).containsExactly(Map.entry("node", "/dev/loop0"), Map.entry("physical-device", "7:0"),
                Map.entry("physical-device-path", "/dev/loop0"));
        assertThat(script.add(b)).containsEntry("node", "/dev/loop1");
        assertThat(script.add(b)).as("the same device again (its transaction tried again)").containsEntry("node", "/dev/loop1");
        assertThat(script.add(vbd(3, 5, "/srv/c.img", "block"))).as("a driver domain's own loop devices")
                .containsEntry("node", "/dev/loop0");
        script.remove(a.backendPath());
        assertThat(script.add(vbd(4, 0, "/srv/d.img", "block"))).containsEntry("physical-device", "7:0");
        for (int domid = 10; domid < 26; domid++) { // loop2 to loop17
            script.add(vbd(domid, 0, "/srv/e" + domid + ".img", "block"));
        }
        assertThat(script.add(vbd(30, 0, "/srv/f.img", "block"))).as("hex, as the script prints it")
                .containsEntry("physical-device", "7:12").containsEntry("node", "/dev/loop18");
    }

    @Test
    void blockDevicesOtherScriptsAndQdiskGetNothing() {
        assertThat(script.add(vbd(1, 0, "/dev/vg/a", "block"))).isEmpty();
        assertThat(script.add(vbd(1, 0, "/srv/a.img", "block-iscsi"))).isEmpty();
        assertThat(script.add(new DeviceTree.Device(DeviceStatus.Kind.VBD, "qdisk", 1, 51712, 0,
                DomainTree.entries("params", "aio:/srv/a.img"), Map.of(), Map.of()))).isEmpty();
    }
}
