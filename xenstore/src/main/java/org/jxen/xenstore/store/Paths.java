package org.jxen.xenstore.store;

/**
 * Path rules of {@code docs/misc/xenstore.txt}: absolute, '/'-separated, characters
 * {@code [A-Za-z0-9-/_@]}, no empty components, no trailing '/' except the root. Their length is
 * limited by {@link #lengthCounted}. Paths starting with '@' name special watch events, not nodes.
 */
public final class Paths {
    /** XENSTORE_REL_PATH_MAX: the longest path below a domain's home, and C xenstored's cap on path-max. */
    public static final int REL_PATH_MAX = 2048;
    public static final String ROOT = "/";
    private static final String DOMAINS = "/local/domain/";

    private Paths() {
    }

    /** The base of a domain's relative paths: {@code /local/domain/<domid>}. */
    public static String domainPath(int domid) {
        return "/local/domain/" + domid;
    }

    /** Resolves a path as the domain {@code domid} sent it: relative paths are under its domain path. */
    public static String canonical(String path, int domid) {
        return path.startsWith("/") || path.startsWith("@") ? path : domainPath(domid) + "/" + path;
    }

    public static boolean isValidNodePath(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return true;
        }
        if (path.charAt(n - 1) == '/') {
            return false;
        }
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '/' || c == '_' || c == '@';
            if (!ok || (c == '/' && prev == '/')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /**
     * The length C xenstored 4.17 holds against path-max: the whole path less a leading
     * {@code /local/domain/<domid>/}, where {@code <domid>} is what {@code sscanf("%5u/")} takes:
     * at most 5 characters, an optional sign among them, at least one digit. So
     * {@code /local/domain/12345/x} counts 1 byte, {@code /local/domain/123456/x} all 22.
     */
    public static int lengthCounted(String path) {
        int i = DOMAINS.length();
        if (!path.startsWith(DOMAINS)) {
            return path.length();
        }
        int end = Math.min(i + 5, path.length());
        if (i < end && (path.charAt(i) == '-' || path.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < end && path.charAt(i) >= '0' && path.charAt(i) <= '9') {
            i++;
        }
        boolean prefixed = i > digits && i < path.length() && path.charAt(i) == '/';
        return prefixed ? path.length() - i - 1 : path.length();
    }

    public static boolean isSpecial(String path) {
        return path.startsWith("@");
    }

    /** The parent of a valid, non-root node path. */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? ROOT : path.substring(0, slash);
    }

    public static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public static String child(String parent, String name) {
        return parent.length() == 1 ? "/" + name : parent + "/" + name;
    }

    /** True when {@code path} is {@code ancestor} or lies below it (component-wise). */
    public static boolean isWithin(String path, String ancestor) {
        if (!path.startsWith(ancestor)) {
            return false;
        }
        return path.length() == ancestor.length() || ancestor.equals(ROOT) || ancestor.endsWith("/")
                || path.charAt(ancestor.length()) == '/';
    }
}
