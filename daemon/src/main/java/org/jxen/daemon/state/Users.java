package org.jxen.daemon.state;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * jxend's local users: PBKDF2-HMAC-SHA256 with a random salt per user, slow on purpose (OWASP's
 * 600,000 iterations for this hash), kept in the database.
 */
public final class Users {
    static final int ITERATIONS = 600_000;
    private static final int KEY_BITS = 256;
    /** Checked against when the user does not exist, so an unknown name costs as long as a wrong password. */
    private static final Database.UserRow NOBODY = new Database.UserRow("", "AAAAAAAAAAAAAAAAAAAAAA==",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", ITERATIONS);

    private final Database db;
    private final SecureRandom random = new SecureRandom();

    public Users(Database db) {
        this.db = db;
    }

    /** Adds {@code name}, or sets its password if it exists. */
    public void put(String name, char[] password) throws SQLException {
        if (name.isBlank() || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a user name must be printable and not empty: \"" + name + "\"");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        db.putUser(new Database.UserRow(name, Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(hash(password, salt, ITERATIONS)), ITERATIONS));
    }

    /** True if {@code name} exists and {@code password} is its password. Takes as long either way. */
    public boolean check(String name, char[] password) throws SQLException {
        Optional<Database.UserRow> found = db.user(name);
        Database.UserRow user = found.orElse(NOBODY);
        byte[] expected = Base64.getDecoder().decode(user.hash());
        byte[] actual = hash(password, Base64.getDecoder().decode(user.salt()), user.iterations());
        return MessageDigest.isEqual(expected, actual) && found.isPresent();
    }

    public boolean any() throws SQLException {
        return db.userCount() > 0;
    }

    private static byte[] hash(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no PBKDF2WithHmacSHA256", e);
        }
    }
}
