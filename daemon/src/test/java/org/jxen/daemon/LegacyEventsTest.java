package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.daemon.JxendSession.failsWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.client.XenApiClient;

/**
 * XAPI's deprecated {@code event.register}, {@code event.unregister} and {@code event.next}: a
 * session's one subscription, a call that blocks until a change it selects, {@code del} with the
 * record as it was, {@code SESSION_NOT_REGISTERED} and {@code SESSION_INVALID} as XAPI sends them.
 */
class LegacyEventsTest extends JxendSessionTest {
    private XenApiClient second() throws Exception {
        XenApiClient other = XenApiClient.http(session.jxend().http(), false);
        other.login("root", session.jxend().rootPassword());
        return other;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(Object next) {
        return (List<Map<String, Object>>) next;
    }

    private CompletableFuture<Object> nextOf(XenApiClient client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.call("event.next");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** The event of {@code ref} whose snapshot has {@code name}, reading {@code event.next} until it comes. */
    private Map<String, Object> until(String ref, String name) throws Exception {
        for (int calls = 0; calls < 20; calls++) {
            for (Map<String, Object> e : events(c.call("event.next"))) {
                if (e.get("ref").equals(ref) && name.equals(((Map<?, ?>) e.get("snapshot")).get("name_label"))) {
                    return e;
                }
            }
        }
        throw new AssertionError("no event of " + ref + " named " + name + " in 20 calls of event.next");
    }

    @Test
    void aSessionThatDidNotRegisterIsToldSoByATrackIdNotItsReference() throws Exception {
        String ref = c.session().orElseThrow();
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(ref.getBytes(StandardCharsets.UTF_8)));
        failsWith(() -> c.call("event.next"), ErrorCodes.SESSION_NOT_REGISTERED, "trackid=" + md5);
    }

    @Test
    void nextWaitsForAChangeOfARegisteredClassAndSendsEachOnce() throws Exception {
        c.call("event.register", List.of("VM"));
        CompletableFuture<Object> waiting = nextOf(c);
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        try (XenApiClient other = second()) {
            other.call("network.create", Map.of("name_label", "not watched"));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            String vm = session.newVm("watched");
            List<Map<String, Object>> added = events(waiting.get(10, TimeUnit.SECONDS));
            assertThat(added).allSatisfy(e -> assertThat(e.get("class")).isEqualTo("vm"));
            Map<String, Object> first = added.stream().filter(e -> e.get("ref").equals(vm)).findFirst().orElseThrow();
            assertThat(first).containsKeys("id", "timestamp", "snapshot");
            assertThat(first.get("operation")).isEqualTo("add");
            assertThat(first.get("timestamp").toString()).matches("\\d+\\.");

            other.call("VM.set_name_label", vm, "renamed");
            Map<String, Object> renamed = until(vm, "renamed");
            assertThat(renamed.get("operation")).isEqualTo("mod");

            other.call("VM.destroy", vm);
            List<Map<String, Object>> deleted = events(c.call("event.next"));
            assertThat(deleted).filteredOn(e -> e.get("ref").equals(vm)).singleElement().satisfies(e -> {
                assertThat(e.get("operation")).isEqualTo("del");
                assertThat(((Map<?, ?>) e.get("snapshot")).get("name_label")).isEqualTo("renamed");
            });
        }
    }

    @Test
    void unregisterAndRegisterChangeWhatTheSessionHears() throws Exception {
        c.call("event.register", List.of("vm", "network"));
        c.call("event.unregister", List.of("vm"));
        String vm = session.newVm("unheard");
        String network = (String) c.call("network.create", Map.of("name_label", "heard"));
        List<Map<String, Object>> heard = events(c.call("event.next"));
        assertThat(heard).extracting(e -> e.get("ref")).containsExactly(network);
        assertThat(heard).extracting(e -> e.get("ref")).doesNotContain(vm);

        c.call("event.register", List.of("VM/" + vm, "nosuchclass"));
        c.call("VM.set_name_label", vm, "heard now");
        assertThat(until(vm, "heard now").get("operation")).isEqualTo("mod");
    }

    @Test
    void aWaitingNextEndsWithSessionInvalidWhenItsSessionEnds() throws Exception {
        XenApiClient other = second();
        String ref = other.session().orElseThrow();
        other.call("event.register", List.of("pool"));
        CompletableFuture<Object> waiting = nextOf(other);
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        c.callWithoutSession("session.logout", List.of(ref));
        assertThat(waiting).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOfSatisfying(XenApiFailure.class,
                        f -> assertThat(f.description()).containsExactly(ErrorCodes.SESSION_INVALID, ref));
    }
}
