package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jxen.toolstack.ToolstackException;

/**
 * The domains the toolstack runs, by domain ID and by name. Names are unique on a host: a name
 * is reserved before a create touches anything (libxl checks it inside its first transaction,
 * reading every domain's name, which is why its creates slow down as a host fills up).
 */
final class Registry {
    private final Map<Integer, DomainRecord> byDomid = new TreeMap<>();
    private final Map<String, Integer> byName = new HashMap<>();
    /** Names reserved by creates under way, not yet bound to a domain. */
    private static final int RESERVED = -1;

    /** Reserves {@code name} for a create; DUPLICATE_NAME when a domain or another create has it. */
    synchronized void reserve(String name) throws ToolstackException {
        if (byName.containsKey(name)) {
            throw duplicate(name);
        }
        byName.put(name, RESERVED);
    }

    synchronized void unreserve(String name) {
        byName.remove(name, RESERVED);
    }

    /** The create finished: its reserved name now names the domain. */
    synchronized void add(DomainRecord r) {
        byName.put(r.name, r.domid);
        byDomid.put(r.domid, r);
    }

    synchronized void remove(DomainRecord r) {
        byDomid.remove(r.domid, r);
        byName.remove(r.name, r.domid);
    }

    synchronized void rename(DomainRecord r, String newName) throws ToolstackException {
        Integer holder = byName.get(newName);
        if (holder != null && holder != r.domid) {
            throw duplicate(newName);
        }
        byName.remove(r.name, r.domid);
        byName.put(newName, r.domid);
        r.name = newName;
    }

    synchronized DomainRecord get(int domid) throws ToolstackException {
        DomainRecord r = byDomid.get(domid);
        if (r == null) {
            throw ToolstackException.noSuchDomain(domid);
        }
        return r;
    }

    synchronized DomainRecord find(int domid) {
        return byDomid.get(domid);
    }

    synchronized Integer domid(String name) {
        Integer d = byName.get(name);
        return d == null || d == RESERVED ? null : d;
    }

    synchronized List<DomainRecord> all() {
        return new ArrayList<>(byDomid.values());
    }

    static ToolstackException duplicate(String name) {
        return new ToolstackException(ToolstackException.Kind.DUPLICATE_NAME,
                "Domain with name \"" + name + "\" already exists.");
    }
}
