package org.jxen.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.DataModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {

    @TempDir
    Path dir;

    private ObjectStore open(Database db) throws Exception {
        ObjectStore store = new ObjectStore(DataModel.xenApi(), db);
        store.load();
        return store;
    }

    @Test
    void aNewObjectHasEveryFieldOfItsClassWithDefaults() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            String vm = store.create("VM", Map.of("name_label", "a"));
            Map<String, Object> r = store.record("VM", vm);
            assertThat(r.keySet()).containsAll(DataModel.xenApi().find("VM").orElseThrow().fields().stream()
                    .map(f -> f.name()).toList());
            assertThat(r).containsEntry("name_label", "a").containsEntry("power_state", "Halted")
                    .containsEntry("VBDs", List.of());
            assertThat(vm).startsWith("OpaqueRef:");
        }
    }

    @Test
    void whatWasCommittedIsThereAfterARestartButSessionsAreNot() throws Exception {
        String vm;
        Map<String, Object> before;
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            vm = store.create("VM", Map.of("name_label", "kept", "memory_static_max", 1L << 30,
                    "other_config", Map.of("k", "v")));
            String vdi = store.create("VDI", Map.of("name_label", "d"));
            store.create("VBD", Map.of("VM", vm, "VDI", vdi, "userdevice", "0"));
            store.create("session", Map.of());
            before = store.record("VM", vm);
        }
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            assertThat(store.record("VM", vm)).isEqualTo(before);
            assertThat((List<?>) store.field("VM", vm, "VBDs")).hasSize(1);
            assertThat(store.refs("session")).isEmpty();
        }
    }

    @Test
    void derivedSetsFollowTheReferencesTheyComeFrom() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            String a = store.create("VM", Map.of());
            String b = store.create("VM", Map.of());
            String vbd = store.create("VBD", Map.of("VM", a));
            assertThat(store.field("VM", a, "VBDs")).isEqualTo(List.of(vbd));
            store.set("VBD", vbd, "VM", b);
            assertThat(store.field("VM", a, "VBDs")).isEqualTo(List.of());
            assertThat(store.field("VM", b, "VBDs")).isEqualTo(List.of(vbd));
            store.destroy("VBD", vbd);
            assertThat(store.field("VM", b, "VBDs")).isEqualTo(List.of());
            assertThatThrownBy(() -> store.set("VM", a, "VBDs", List.of())).isInstanceOf(XenApiFailure.class);
        }
    }

    @Test
    void vmsAreFoundByDomidAsTheirDomidsChangeAndAfterARestart() throws Exception {
        String a;
        String b;
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            a = store.create("VM", Map.of("name_label", "a", "domid", 7L));
            b = store.create("VM", Map.of("name_label", "b"));
            assertThat(store.refsWith("VM", "domid", 7L)).containsExactly(a);
            store.set("VM", b, "domid", 7L);
            store.set("VM", a, "domid", -1L);
            assertThat(store.refsWith("VM", "domid", 7L)).containsExactly(b);
            assertThat(store.refsWith("VM", "domid", -1L)).containsExactly(a);
            store.destroy("VM", a);
            assertThat(store.refsWith("VM", "domid", -1L)).isEmpty();
            assertThatThrownBy(() -> store.refsWith("VM", "name_label", "b")).isInstanceOf(IllegalArgumentException.class);
        }
        try (Database db = Database.open(dir.resolve("db"))) {
            assertThat(open(db).refsWith("VM", "domid", 7L)).containsExactly(b);
        }
    }

    @Test
    void eventsSinceATokenSayAddModAndDelWithTheRecordAsItIsNow() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            String old = store.create("VM", Map.of("name_label", "old"));
            String gone = store.create("VM", Map.of("name_label", "gone"));
            long token = store.generation();
            String made = store.create("VM", Map.of("name_label", "new"));
            String brief = store.create("VM", Map.of("name_label", "made and gone since the token"));
            store.set("VM", old, "name_label", "renamed");
            store.destroy("VM", gone);
            store.destroy("VM", brief);
            var events = store.changesSince(token, Subscription.ALL, 0).events();
            assertThat(events).extracting(e -> e.change() + " " + e.ref())
                    .containsExactly(Change.ADD + " " + made, Change.MOD + " " + old, Change.DEL + " " + gone);
            assertThat(events.get(1).snapshot()).containsEntry("name_label", "renamed");
            assertThat(events.get(2).snapshot()).isNull();
            assertThat(store.changesSince(0, Subscription.ALL, 0).events()).extracting(ObjectStore.Event::change)
                    .containsExactly(Change.ADD, Change.ADD);
        }
    }

    @Test
    void aWaitingCallerWakesUpOnAChangeOfAClassItWatches() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            long token = store.generation();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(50);
                    store.create("network", Map.of());
                    store.create("VM", Map.of());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            var batch = store.changesSince(token, new Subscription(false, Set.of("VM"), Map.of()), 10_000_000_000L);
            assertThat(batch.events()).extracting(ObjectStore.Event::cls).containsExactly("VM");
            assertThat(batch.validRefCounts()).containsEntry("vm", 1);
        }
    }

    @Test
    void unknownReferencesAreHandleInvalidWithTheClass() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = open(db);
            String vdi = store.create("VDI", Map.of());
            assertThatThrownBy(() -> store.record("VM", vdi)).isInstanceOfSatisfying(XenApiFailure.class,
                    f -> assertThat(f.description()).containsExactly(ErrorCodes.HANDLE_INVALID, "VM", vdi));
            assertThatThrownBy(() -> store.refByUuid("VM", "nope")).isInstanceOfSatisfying(XenApiFailure.class,
                    f -> assertThat(f.description()).containsExactly(ErrorCodes.UUID_INVALID, "VM", "nope"));
        }
    }
}
