package org.jxen.daemon.rpc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.state.Users;

/**
 * Logins and the sessions they open. A session is a {@code session} object (its record is what
 * {@code session.get_record} shows) that ends at logout or after {@code idleLimit} without a
 * call, as XAPI's do. Over the Unix socket the caller is root without a password check, as on
 * XAPI; anywhere else the password is checked against {@link Users}, and a failure takes a
 * second and is logged.
 */
public final class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());
    private static final Duration FAILED_LOGIN_DELAY = Duration.ofSeconds(1);

    private final ObjectStore store;
    private final Users users;
    private final String hostRef;
    private final Clock clock;
    private final Duration idleLimit;
    private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();

    public Sessions(ObjectStore store, Users users, String hostRef, Clock clock, Duration idleLimit) {
        this.store = store;
        this.users = users;
        this.hostRef = hostRef;
        this.clock = clock;
        this.idleLimit = idleLimit;
    }

    public String login(String user, String password, String originator, Origin origin)
            throws XenApiFailure, InterruptedException {
        if (!origin.unixSocket() && !passwordMatches(user, password)) {
            LOG.warning("failed login as \"" + user + "\" from " + origin.address());
            Thread.sleep(FAILED_LOGIN_DELAY);
            throw XenApiFailure.of(ErrorCodes.SESSION_AUTHENTICATION_FAILED, user,
                    "Authentication failure");
        }
        Instant now = clock.instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("this_host", hostRef);
        fields.put("last_active", now);
        fields.put("validation_time", now);
        fields.put("is_local_superuser", true);
        fields.put("auth_user_name", user);
        fields.put("originator", originator);
        String ref = store.create("session", fields);
        lastUse.put(ref, now);
        LOG.info("login as \"" + user + "\" from " + origin.address() + (originator.isEmpty() ? "" : " (" + originator + ")"));
        return ref;
    }

    /**
     * {@code session.change_password}: the session's user gets {@code newPassword}. XAPI (root its
     * only user) does not check the old one; jxend has other users, so it does, but for root's
     * session on the Unix socket, which logs in without a password. A wrong one is slow, as a
     * failed login is.
     */
    public void changePassword(String session, String oldPassword, String newPassword, Origin origin)
            throws XenApiFailure, InterruptedException {
        String user = (String) store.field("session", session, "auth_user_name");
        if (newPassword.isEmpty()) {
            throw XenApiFailure.of(ErrorCodes.CHANGE_PASSWORD_REJECTED, "the new password is empty");
        }
        if (!origin.unixSocket() && !passwordMatches(user, oldPassword)) {
            LOG.warning("refused to change the password of \"" + user + "\" from " + origin.address()
                    + ": the old password given is not it");
            Thread.sleep(FAILED_LOGIN_DELAY);
            throw XenApiFailure.of(ErrorCodes.CHANGE_PASSWORD_REJECTED, "the old password given is not " + user + "'s");
        }
        try {
            users.put(user, newPassword.toCharArray());
        } catch (SQLException | IllegalArgumentException e) {
            throw XenApiFailure.of(ErrorCodes.CHANGE_PASSWORD_REJECTED, e.getMessage());
        }
        LOG.info("password of \"" + user + "\" changed from " + origin.address());
    }

    private boolean passwordMatches(String user, String password) throws XenApiFailure {
        try {
            return users.check(user, password.toCharArray());
        } catch (SQLException e) {
            throw XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "cannot read the users table: " + e.getMessage());
        }
    }

    public void logout(String ref) throws XenApiFailure {
        if (lastUse.remove(ref) != null) {
            store.destroy("session", ref);
        }
    }

    /** {@code SESSION_INVALID [ref]} unless {@code ref} is a live session; otherwise marks it used. */
    public void check(String ref) throws XenApiFailure {
        Instant now = clock.instant();
        Instant last = lastUse.get(ref);
        if (last == null) {
            throw XenApiFailure.of(ErrorCodes.SESSION_INVALID, ref);
        }
        if (Duration.between(last, now).compareTo(idleLimit) > 0) {
            logout(ref);
            throw XenApiFailure.of(ErrorCodes.SESSION_INVALID, ref);
        }
        lastUse.put(ref, now);
    }

    /** Ends the sessions idle longer than the limit (called now and then, so idle ones do not pile up). */
    public void expireIdle() throws XenApiFailure {
        Instant now = clock.instant();
        for (Map.Entry<String, Instant> e : lastUse.entrySet()) {
            if (Duration.between(e.getValue(), now).compareTo(idleLimit) > 0) {
                logout(e.getKey());
            }
        }
    }
}
