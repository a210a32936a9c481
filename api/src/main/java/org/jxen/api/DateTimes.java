package org.jxen.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * XAPI's datetime on the wire: {@code 20240131T12:34:56Z}, no dashes "because of client
 * limitations" (xen-api's Date.to_rfc3339); "never" is the epoch.
 */
public final class DateTimes {
    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WIRE_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

    /** XAPI's "never". */
    public static final Instant NEVER = Instant.EPOCH;

    private DateTimes() {
    }

    /** {@code instant} as XAPI writes it, in UTC, to the second. */
    public static String format(Instant instant) {
        return WIRE.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A wall-clock time with no zone, as XAPI writes {@code host.get_server_localtime}'s (no {@code Z}). */
    public static String format(LocalDateTime local) {
        return WIRE_LOCAL.format(local.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A datetime as clients send it: XAPI's form (with or without the {@code Z}, which XAPI reads
     * as UTC either way) or ISO 8601 with dashes and an offset.
     */
    public static Instant parse(String text) {
        try {
            if (text.indexOf('-', 1) < 0) {
                String local = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
                return LocalDateTime.parse(local, WIRE_LOCAL).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a XenAPI datetime (expected like 20240131T12:34:56Z): " + text, e);
        }
    }
}
