package org.jxen.daemon.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.api.model.DataModel;
import org.jxen.daemon.state.Database;
import org.jxen.daemon.state.ObjectStore;

/** Finished tasks are forgotten as XAPI's GC forgets them; pending ones never are. */
class TaskReaperTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aTaskFinishedMoreThan65MinutesAgoGoesAndPendingOnesStay() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = new ObjectStore(DataModel.xenApi(), db);
            store.load();
            String old = task(store, "success", NOW.minus(Duration.ofMinutes(66)));
            String recent = task(store, "failure", NOW.minus(Duration.ofMinutes(64)));
            String pending = task(store, "pending", null);
            store.set("task", pending, "created", NOW.minus(Duration.ofDays(3)));

            assertThat(new TaskReaper(store, Clock.fixed(NOW, ZoneOffset.UTC)).reap(NOW)).isEqualTo(1);

            assertThat(store.records("task").keySet()).containsExactlyInAnyOrder(recent, pending);
            assertThat(old).isNotIn(store.records("task").keySet());
        }
    }

    @Test
    void beyond200TasksTheOldestFinishedGoFirst() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = new ObjectStore(DataModel.xenApi(), db);
            store.load();
            for (int i = 0; i < 10; i++) {
                task(store, "pending", null);
            }
            String oldest = task(store, "success", NOW.minus(Duration.ofMinutes(30)));
            for (int i = 0; i < TaskReaper.MAX_TASKS; i++) {
                task(store, "success", NOW.minus(Duration.ofMinutes(20)).plusSeconds(i));
            }

            String justNow = task(store, "success", NOW.minus(Duration.ofMinutes(1)));

            int gone = new TaskReaper(store, Clock.fixed(NOW, ZoneOffset.UTC)).reap(NOW);

            assertThat(gone).isEqualTo(12);
            Map<String, Map<String, Object>> left = store.records("task");
            assertThat(left).hasSize(TaskReaper.MAX_TASKS).doesNotContainKey(oldest)
                    .as("a task that just ended stays a while").containsKey(justNow);
            assertThat(left.values().stream().filter(t -> "pending".equals(t.get("status")))).hasSize(10);
        }
    }

    @Test
    void asyncCallsReapAsTheyMakeTasksAtMostOnceAMinute() throws Exception {
        try (Database db = Database.open(dir.resolve("db"))) {
            ObjectStore store = new ObjectStore(DataModel.xenApi(), db);
            store.load();
            String old = task(store, "success", NOW.minus(Duration.ofHours(2)));
            AsyncTasks tasks = new AsyncTasks(store, "OpaqueRef:NULL", Clock.fixed(NOW, ZoneOffset.UTC));
            tasks.create("first", "");
            assertThat(store.records("task")).doesNotContainKey(old);
            String another = task(store, "success", NOW.minus(Duration.ofHours(2)));
            tasks.create("second", "");
            assertThat(store.records("task")).as("not again within the minute").containsKey(another);
        }
    }

    private static String task(ObjectStore store, String status, Instant finished) throws Exception {
        String ref = store.create("task", Map.of("name_label", "Async.VM.start", "status", status,
                "created", NOW.minus(Duration.ofHours(3))));
        if (finished != null) {
            store.set("task", ref, "finished", finished);
        }
        return ref;
    }
}
