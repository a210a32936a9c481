package org.jxen.daemon.state;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jxen.api.ErrorCodes;
import org.jxen.api.FrozenRecord;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.ApiClass;
import org.jxen.api.model.DataModel;
import org.jxen.api.model.Field;

/**
 * Every XenAPI object jxend has, by reference, class and UUID: the single owner of that state.
 * A change is written to the {@link Database} (for the classes that outlive the process) before
 * the call that made it returns, and is numbered by a generation that {@code event.from} tokens
 * count. Records are immutable snapshots, handed out without copying; set fields derived from
 * references ({@link Relation}) are brought up to date in them whenever a reference changes.
 */
public final class ObjectStore {
    /** Classes that live only as long as the daemon, as XAPI's sessions and tasks do. */
    private static final Set<String> TRANSIENT = Set.of("session", "task");
    /** How many deletions the store remembers for {@code event.from}; an older token gets EVENTS_LOST. */
    private static final int DELETIONS_KEPT = 100_000;
    /** How many of the newest deletions keep the record as it was, for {@code event.next}'s {@code del} events. */
    private static final int DELETED_RECORDS_KEPT = 1_000;
    /** Fields whose objects are found by value, by class: a domain's VM, on each of the toolstack's events. */
    private static final Map<String, String> LOOKED_UP = Map.of("VM", "domid");

    private final DataModel model;
    private final Database db;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Stored> byRef = new HashMap<>();
    private final Map<String, Stored> byUuid = new HashMap<>();
    private final Map<String, Map<String, Stored>> byClass = new HashMap<>();
    private final TreeMap<Long, Stored> byGeneration = new TreeMap<>();
    private final TreeMap<Long, Deleted> deletions = new TreeMap<>();
    private final TreeMap<Long, Map<String, Object>> deletedRecords = new TreeMap<>();
    /** For each relation, the set-side reference to the references naming it. */
    private final Map<Relation, Map<String, Set<String>>> related = new HashMap<>();
    /** For each class in {@link #LOOKED_UP}, its field's values to the references having them. */
    private final Map<String, Map<Object, Set<String>>> byValue = new HashMap<>();
    private long generation;
    private long oldestForgotten;

    private static final class Stored {
        final ApiClass cls;
        final String ref;
        final String uuid;
        Map<String, Object> record;
        long created;
        long modified;

        Stored(ApiClass cls, String ref, String uuid, Map<String, Object> record) {
            this.cls = cls;
            this.ref = ref;
            this.uuid = uuid;
            this.record = record;
        }
    }

    /** An object that is gone, for the {@code del} event, and when it was made. */
    private record Deleted(long generation, String cls, String ref, long created) {
    }

    /**
     * One change for {@code event.from} and {@code event.next}: the record as it is now, for a
     * deletion as it was when asked for and kept, or {@code null}.
     */
    public record Event(long generation, String cls, String ref, Change change, Map<String, Object> snapshot) {
    }

    /** What {@code event.from} returns, before encoding. */
    public record Events(List<Event> events, Map<String, Integer> validRefCounts, long generation) {
    }

    public ObjectStore(DataModel model, Database db) {
        this.model = model;
        this.db = db;
        Relation.XENAPI.forEach(r -> related.put(r, new HashMap<>()));
    }

    public DataModel model() {
        return model;
    }

    /** Reads what {@code db} holds, record fields read back through the model's types. */
    public void load() throws SQLException, XenApiFailure {
        lock.lock();
        try {
            for (Database.Row row : db.objects()) {
                ApiClass cls = cls(row.cls());
                Map<String, Object> stored = Json.read(row.json());
                LinkedHashMap<String, Object> record = defaults(cls);
                for (Map.Entry<String, Object> e : stored.entrySet()) {
                    var field = cls.field(e.getKey());
                    if (field.isPresent() && !isDerived(cls.name(), e.getKey())) {
                        record.put(e.getKey(), field.get().type().coerce(e.getValue(), cls.name() + "." + e.getKey()));
                    }
                }
                insert(cls, row.ref(), row.uuid(), record);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Work on several objects that no other caller may see half done. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws XenApiFailure;
    }

    /**
     * Runs {@code work} with the store locked: no other caller sees its changes half done, and they
     * reach the disk in one transaction, so a crash keeps all of them or none. If {@code work}
     * fails half way, what it changed until then stays (in memory and on disk alike).
     */
    public <T> T atomically(Work<T> work) throws XenApiFailure {
        lock.lock();
        boolean outermost = lock.getHoldCount() == 1;
        try {
            if (outermost) {
                db.begin();
            }
            try {
                return work.run();
            } finally {
                if (outermost) {
                    db.commit();
                }
            }
        } catch (SQLException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "the database refused a transaction: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** The objects of class {@code clsName} whose {@code field} is {@code value}, for the fields looked up by value. */
    public List<String> refsWith(String clsName, String field, Object value) {
        if (!field.equals(LOOKED_UP.get(clsName))) {
            throw new IllegalArgumentException(clsName + "." + field + " is not looked up by value; add it to LOOKED_UP");
        }
        lock.lock();
        try {
            return List.copyOf(byValue.getOrDefault(clsName, Map.of()).getOrDefault(value, Set.of()));
        } finally {
            lock.unlock();
        }
    }

    /** Makes an object of class {@code clsName}: fields not given take the model's defaults. Returns its reference. */
    public String create(String clsName, Map<String, Object> fields) throws XenApiFailure {
        ApiClass cls = cls(clsName);
        lock.lock();
        try {
            LinkedHashMap<String, Object> record = defaults(cls);
            String uuid = fields.get("uuid") instanceof String u && !u.isEmpty() ? u : UUID.randomUUID().toString();
            if (byUuid.containsKey(uuid)) {
                throw XenApiFailure.of(ErrorCodes.INVALID_VALUE, "uuid", uuid);
            }
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                requireField(cls, e.getKey());
                if (!isDerived(cls.name(), e.getKey())) {
                    record.put(e.getKey(), Values.frozen(e.getValue()));
                }
            }
            record.put("uuid", uuid);
            String ref = "OpaqueRef:" + UUID.randomUUID();
            persist(cls.name(), ref, uuid, record);
            insert(cls, ref, uuid, record);
            changed.signalAll();
            return ref;
        } finally {
            lock.unlock();
        }
    }

    /** Changes fields of an object; derived set fields cannot be set. */
    public void set(String clsName, String ref, Map<String, Object> changes) throws XenApiFailure {
        change(clsName, ref, changes, true);
    }

    /**
     * Changes fields clients see and get events for, without writing them to the database: readings
     * (metrics) that are taken again within seconds of a restart and would only wear the disk.
     */
    public void setReading(String clsName, String ref, Map<String, Object> changes) throws XenApiFailure {
        change(clsName, ref, changes, false);
    }

    private void change(String clsName, String ref, Map<String, Object> changes, boolean durable)
            throws XenApiFailure {
        lock.lock();
        try {
            Stored s = stored(clsName, ref);
            LinkedHashMap<String, Object> record = new LinkedHashMap<>(s.record);
            for (Map.Entry<String, Object> e : changes.entrySet()) {
                requireField(s.cls, e.getKey());
                if (isDerived(s.cls.name(), e.getKey())) {
                    throw XenApiFailure.of(ErrorCodes.FIELD_TYPE_ERROR, e.getKey());
                }
                record.put(e.getKey(), Values.frozen(e.getValue()));
            }
            if (durable) {
                persist(s.cls.name(), ref, s.uuid, record);
            }
            unindex(s);
            s.record = new FrozenRecord(record);
            index(s);
            touch(s);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Convenience for one field. */
    public void set(String clsName, String ref, String field, Object value) throws XenApiFailure {
        set(clsName, ref, Map.of(field, value));
    }

    public void destroy(String clsName, String ref) throws XenApiFailure {
        lock.lock();
        try {
            Stored s = stored(clsName, ref);
            unindex(s);
            byRef.remove(ref);
            byUuid.remove(s.uuid);
            byClass.get(s.cls.name()).remove(ref);
            byGeneration.remove(s.modified);
            long g = ++generation;
            deletions.put(g, new Deleted(g, s.cls.name(), ref, s.created));
            if (deletions.size() > DELETIONS_KEPT) {
                oldestForgotten = deletions.pollFirstEntry().getKey();
            }
            deletedRecords.put(g, s.record);
            if (deletedRecords.size() > DELETED_RECORDS_KEPT) {
                deletedRecords.pollFirstEntry();
            }
            if (!TRANSIENT.contains(s.cls.name())) {
                try {
                    db.remove(ref);
                } catch (SQLException e) {
                    throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "the database refused to remove " + ref + ": "
                            + e.getMessage());
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean exists(String clsName, String ref) {
        lock.lock();
        try {
            Stored s = byRef.get(ref);
            return s != null && s.cls.name().equals(clsName);
        } finally {
            lock.unlock();
        }
    }

    /** The whole record, derived fields included; {@code HANDLE_INVALID [class, ref]} if there is none. */
    public Map<String, Object> record(String clsName, String ref) throws XenApiFailure {
        lock.lock();
        try {
            return stored(clsName, ref).record;
        } finally {
            lock.unlock();
        }
    }

    /** One field, read without copying the record (the cost of XAPI's most frequent calls, {@code get_<field>}). */
    public Object field(String clsName, String ref, String field) throws XenApiFailure {
        lock.lock();
        try {
            return stored(clsName, ref).record.get(field);
        } finally {
            lock.unlock();
        }
    }

    /** The class of the object {@code ref} names, or null if none. */
    public String classOf(String ref) {
        lock.lock();
        try {
            Stored s = byRef.get(ref);
            return s == null ? null : s.cls.name();
        } finally {
            lock.unlock();
        }
    }

    /** {@code UUID_INVALID [class, uuid]} if no object of that class has it. */
    public String refByUuid(String clsName, String uuid) throws XenApiFailure {
        lock.lock();
        try {
            Stored s = byUuid.get(uuid);
            if (s == null || !s.cls.name().equals(clsName)) {
                throw XenApiFailure.of(ErrorCodes.UUID_INVALID, clsName, uuid);
            }
            return s.ref;
        } finally {
            lock.unlock();
        }
    }

    public List<String> refs(String clsName) {
        lock.lock();
        try {
            return List.copyOf(byClass.getOrDefault(clsName, Map.of()).keySet());
        } finally {
            lock.unlock();
        }
    }

    /** How many objects of a class there are. */
    public int count(String clsName) {
        lock.lock();
        try {
            return byClass.getOrDefault(clsName, Map.of()).size();
        } finally {
            lock.unlock();
        }
    }

    /** The references of the {@code n} oldest objects of a class (fewer if there are fewer), oldest first. */
    public List<String> oldest(String clsName, int n) {
        lock.lock();
        try {
            return byClass.getOrDefault(clsName, Map.of()).keySet().stream().limit(n).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Every record of a class by reference, in creation order. */
    public Map<String, Map<String, Object>> records(String clsName) {
        lock.lock();
        try {
            Map<String, Map<String, Object>> all = new LinkedHashMap<>();
            for (Stored s : byClass.getOrDefault(clsName, Map.of()).values()) {
                all.put(s.ref, s.record);
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** The generation of the last change: an {@code event.from} token from now on. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks {@code ref} changed (XAPI's {@code event.inject}) and returns the generation just
     * before, so {@code event.from} from it sees that change.
     */
    public long inject(String clsName, String ref) throws XenApiFailure {
        lock.lock();
        try {
            Stored s = stored(clsName, ref);
            long before = generation;
            touch(s);
            changed.signalAll();
            return before;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The changes after generation {@code since} that {@code watched} wants, waiting up to
     * {@code timeoutNs} for one when there is none yet; a deletion without the record it removed.
     */
    public Events changesSince(long since, Subscription watched, long timeoutNs)
            throws XenApiFailure, InterruptedException {
        return changesSince(since, watched, timeoutNs, false);
    }

    /**
     * The same, a deletion with the record it removed if {@code deletedRecords} and it is among the
     * newest deletions ({@code event.next} sends it; {@code event.from} does not).
     */
    public Events changesSince(long since, Subscription watched, long timeoutNs, boolean withDeletedRecords)
            throws XenApiFailure, InterruptedException {
        lock.lock();
        try {
            if (since < oldestForgotten) {
                throw XenApiFailure.of(ErrorCodes.EVENTS_LOST);
            }
            long left = timeoutNs;
            List<Event> events = collect(since, watched, withDeletedRecords);
            while (events.isEmpty() && left > 0) {
                left = changed.awaitNanos(left);
                events = collect(since, watched, withDeletedRecords);
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (ApiClass c : model.classes()) {
                counts.put(c.name().toLowerCase(java.util.Locale.ROOT),
                        byClass.getOrDefault(c.name(), Map.of()).size());
            }
            return new Events(events, counts, generation);
        } finally {
            lock.unlock();
        }
    }

    private List<Event> collect(long since, Subscription watched, boolean withDeletedRecords) {
        TreeMap<Long, Event> found = new TreeMap<>();
        for (Stored s : byGeneration.tailMap(since, false).values()) {
            if (watched.wants(s.cls.name(), s.ref)) {
                Change change = s.created > since ? Change.ADD : Change.MOD;
                found.put(s.modified, new Event(s.modified, s.cls.name(), s.ref, change, s.record));
            }
        }
        for (Deleted d : deletions.tailMap(since, false).values()) {
            // an object made and gone since the token was never seen: no event says anything of it
            if (d.created() <= since && watched.wants(d.cls(), d.ref())) {
                found.put(d.generation(), new Event(d.generation(), d.cls(), d.ref(), Change.DEL,
                        withDeletedRecords ? deletedRecords.get(d.generation()) : null));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** The model's class of that name (any case); {@code HANDLE_INVALID}-worthy names are the caller's problem. */
    public ApiClass cls(String name) throws XenApiFailure {
        return model.find(name).orElseThrow(() -> XenApiFailure.of(ErrorCodes.INTERNAL_ERROR,
                "jxend has no XenAPI class " + name));
    }

    private Stored stored(String clsName, String ref) throws XenApiFailure {
        Stored s = byRef.get(ref);
        if (s == null || !s.cls.name().equals(clsName)) {
            throw XenApiFailure.of(ErrorCodes.HANDLE_INVALID, clsName, ref);
        }
        return s;
    }

    private Stored insert(ApiClass cls, String ref, String uuid, LinkedHashMap<String, Object> record) {
        for (Relation r : Relation.XENAPI) {
            if (r.setClass().equals(cls.name()) && record.containsKey(r.setField())) {
                record.put(r.setField(), List.copyOf(related.get(r).getOrDefault(ref, Set.of())));
            }
        }
        Stored s = new Stored(cls, ref, uuid, new FrozenRecord(record));
        byRef.put(ref, s);
        byUuid.put(uuid, s);
        byClass.computeIfAbsent(cls.name(), k -> new LinkedHashMap<>()).put(ref, s);
        index(s);
        touch(s);
        s.created = s.modified;
        return s;
    }

    /** A new generation for {@code s}, and for the objects whose derived sets it is in. */
    private void touch(Stored s) {
        byGeneration.remove(s.modified);
        s.modified = ++generation;
        byGeneration.put(s.modified, s);
    }

    /** The set {@code r} derives for {@code ref} changed: its record says so and its watchers hear of it. */
    private void relatedChanged(Relation r, String ref) {
        Stored other = byRef.get(ref);
        if (other != null && other.cls.name().equals(r.setClass()) && other.record.containsKey(r.setField())) {
            LinkedHashMap<String, Object> record = new LinkedHashMap<>(other.record);
            record.put(r.setField(), List.copyOf(related.get(r).getOrDefault(ref, Set.of())));
            other.record = new FrozenRecord(record);
            touch(other);
        }
    }

    private void index(Stored s) {
        String field = LOOKED_UP.get(s.cls.name());
        if (field != null) {
            byValue.computeIfAbsent(s.cls.name(), c -> new HashMap<>())
                    .computeIfAbsent(s.record.get(field), v -> new LinkedHashSet<>()).add(s.ref);
        }
        for (Relation r : Relation.XENAPI) {
            if (r.refClass().equals(s.cls.name()) && s.record.get(r.refField()) instanceof String target
                    && !target.equals("OpaqueRef:NULL")) {
                related.get(r).computeIfAbsent(target, k -> new LinkedHashSet<>()).add(s.ref);
                relatedChanged(r, target);
            }
        }
    }

    private void unindex(Stored s) {
        String field = LOOKED_UP.get(s.cls.name());
        if (field != null) {
            byValue.get(s.cls.name()).computeIfPresent(s.record.get(field), (v, refs) -> {
                refs.remove(s.ref);
                return refs.isEmpty() ? null : refs;
            });
        }
        for (Relation r : Relation.XENAPI) {
            if (r.refClass().equals(s.cls.name()) && s.record.get(r.refField()) instanceof String target) {
                Set<String> set = related.get(r).get(target);
                if (set != null && set.remove(s.ref)) {
                    relatedChanged(r, target);
                }
            }
        }
    }

    private static boolean isDerived(String cls, String field) {
        for (Relation r : Relation.XENAPI) {
            if (r.setClass().equals(cls) && r.setField().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static void requireField(ApiClass cls, String field) throws XenApiFailure {
        if (cls.field(field).isEmpty()) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, cls.name() + " has no field " + field);
        }
    }

    private static LinkedHashMap<String, Object> defaults(ApiClass cls) {
        LinkedHashMap<String, Object> record = new LinkedHashMap<>();
        for (Field f : cls.fields()) {
            record.put(f.name(), f.defaultValue() != null ? f.defaultValue() : f.type().emptyValue());
        }
        return record;
    }

    /** Writes a record before the store changes, so a refused write changes nothing. */
    private void persist(String cls, String ref, String uuid, Map<String, Object> record) throws XenApiFailure {
        if (TRANSIENT.contains(cls)) {
            return;
        }
        try {
            db.put(new Database.Row(cls, ref, uuid, Json.write(record)));
        } catch (SQLException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "the database refused to store " + cls + " " + ref + ": "
                    + e.getMessage());
        }
    }
}
