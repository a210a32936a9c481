package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;

/**
 * XAPI's messages (xapi_message.ml, message_forwarding.ml): made by clients about objects that
 * exist, read back by time and object, newest first, destroyed one by one or by filter; and the
 * ones jxend writes, in XAPI's words, when VM calls succeed; seen on {@code event.from}.
 */
class MessagesTest extends JxendSessionTest {
    private static final String EPOCH = "19700101T00:00:00Z";

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> since(String datetime) throws Exception {
        return (Map<String, Map<String, Object>>) c.call("message.get_since", datetime);
    }

    /** The references of the messages about VM {@code uuid}, newest first. */
    private List<String> about(String uuid) throws Exception {
        return ((Map<?, ?>) c.call("message.get", "VM", uuid, EPOCH)).keySet().stream().map(String::valueOf).toList();
    }

    @Test
    void vmCallsWriteXapisMessages() throws Exception {
        String vm = session.newVm("messenger");
        String uuid = (String) c.call("VM.get_uuid", vm);
        String host = ((List<?>) c.call("host.get_all")).getFirst().toString();
        String onHost = " on host: " + c.call("host.get_name_label", host) + " (uuid: " + c.call("host.get_uuid", host)
                + ")";
        c.call("VM.start", vm, false, false);
        c.call("VM.suspend", vm);
        c.call("VM.resume", vm, false, false);
        c.call("VM.clean_reboot", vm);
        c.call("VM.hard_shutdown", vm);
        List<Map<String, Object>> mine = since(EPOCH).values().stream().filter(m -> uuid.equals(m.get("obj_uuid")))
                .toList();
        String named = "VM 'messenger' (uuid: " + uuid + ")";
        assertThat(mine).extracting(m -> m.get("name") + " " + m.get("body")).containsExactly(
                "VM_SHUTDOWN " + named + " shutdown",
                "VM_REBOOTED " + named + " rebooted cleanly",
                "VM_RESUMED " + named + " resumed" + onHost,
                "VM_SUSPENDED " + named + " suspended",
                "VM_STARTED " + named + " started" + onHost);
        assertThat(mine).allSatisfy(m -> {
            assertThat(m.get("priority")).isEqualTo(5L);
            assertThat(m.get("cls")).isEqualTo("VM");
        });
        String clone = (String) c.call("VM.clone", vm, "copy of messenger");
        assertThat(since(EPOCH).values().iterator().next().get("body"))
                .isEqualTo(named + " cloned (new uuid: " + c.call("VM.get_uuid", clone) + ")");
    }

    @Test
    void clientsMakeReadAndDestroyMessages() throws Exception {
        String vm = session.newVm("subject");
        String uuid = (String) c.call("VM.get_uuid", vm);
        String token = (String) ((Map<?, ?>) c.call("event.from", List.of("message"), "", 0.0)).get("token");
        String low = (String) c.call("message.create", "CUSTOM", 1L, "VM", uuid, "first");
        String high = (String) c.call("message.create", "CUSTOM", 3L, "VM", uuid, "second");
        Map<?, ?> events = (Map<?, ?>) c.call("event.from", List.of("message"), token, 5.0);
        assertThat((List<?>) events.get("events"))
                .extracting(e -> ((Map<?, ?>) e).get("operation") + " " + ((Map<?, ?>) e).get("ref"))
                .containsExactly("add " + low, "add " + high);
        assertThat(about(uuid)).containsExactly(high, low);
        assertThat(((Map<?, ?>) c.call("message.get_record", low)).get("body")).isEqualTo("first");
        assertThat(since("30000101T00:00:00Z")).isEmpty();
        failsWith(() -> c.call("message.create", "CUSTOM", 1L, "VM", "no-such-uuid", "x"),
                ErrorCodes.UUID_INVALID, "VM", "no-such-uuid");
        failsWith(() -> c.call("message.create", "CUSTOM", 1L, "Certificate", uuid, "x"),
                ErrorCodes.UUID_INVALID, "Certificate", uuid);
        failsWith(() -> c.call("message.get", "SR", uuid, EPOCH), ErrorCodes.UUID_INVALID);
        c.call("message.destroy_all", Map.of("priority", "3"));
        assertThat(about(uuid)).containsExactly(low);
        c.call("message.destroy", low);
        failsWith(() -> c.call("message.destroy", low), ErrorCodes.HANDLE_INVALID, "message", low);
        assertThat(about(uuid)).isEmpty();
    }

    @Test
    void theNewestTenThousandAreKept() throws Exception {
        String host = ((List<?>) c.call("host.get_all")).getFirst().toString();
        String uuid = (String) c.call("host.get_uuid", host);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_002; i++) {
            made.add((String) c.call("message.create", "CUSTOM", 1L, "Host", uuid, "number " + i));
        }
        List<Object> kept = List.copyOf((List<?>) c.call("message.get_all"));
        assertThat(kept).hasSize(10_000).doesNotContain(made.get(0), made.get(1)).contains(made.get(2), made.getLast());
        failsWith(() -> c.call("message.get_record", made.getFirst()), ErrorCodes.HANDLE_INVALID, "message",
                made.getFirst());
    }
}
