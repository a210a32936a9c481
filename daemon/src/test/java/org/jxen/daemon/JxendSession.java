package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jxen.api.XenApiFailure;
import org.jxen.api.client.XenApiClient;
import org.jxen.xenstore.client.XsClient;

/**
 * jxend on a simulated host in this process, root's JSON-RPC session with it and a connection to
 * its XenStore (to see or play what a guest writes), with the calls tests repeat.
 */
record JxendSession(RunningJxend jxend, XenApiClient client, XsClient xenStore) implements AutoCloseable {
    static JxendSession start(Path dir) throws Exception {
        RunningJxend jxend = RunningJxend.start(dir);
        XenApiClient c = XenApiClient.http(jxend.http(), false);
        c.login("root", jxend.rootPassword());
        return new JxendSession(jxend, c, XsClient.connect(jxend.jxend.xenstoreSocket()));
    }

    String template(String name) throws Exception {
        return ((List<?>) client.call("VM.get_by_name_label", name)).getFirst().toString();
    }

    /** A halted VM of 128 MiB made as clients make one: a clone of Generic Linux PV, provisioned. */
    String newVm(String name) throws Exception {
        return newVm(name, "Generic Linux PV");
    }

    /** The same from the template named {@code template}. */
    String newVm(String name, String template) throws Exception {
        String vm = (String) client.call("VM.clone", template(template), name);
        client.call("VM.provision", vm);
        client.call("VM.set_is_a_template", vm, false);
        client.call("VM.set_memory", vm, 128L << 20);
        return vm;
    }

    static void failsWith(ThrowingCall call, String... description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(XenApiFailure.class,
                f -> assertThat(f.description()).containsExactly(description));
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Override
    public void close() throws Exception {
        xenStore.close();
        client.close();
        jxend.close();
    }
}
