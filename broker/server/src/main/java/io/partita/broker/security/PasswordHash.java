package io.partita.broker.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A salted, iterated password hash as stored in the users file:
 * {@code <algorithm>:<iterations>:<salt base64>:<hash base64>}, for example
 * {@code PBKDF2WithHmacSHA256:100000:3q2+7w...==:Zm9v...=}.
 *
 * <p>The only algorithm is {@value #ALGORITHM} from the JDK. Its many iterations make each guess
 * cost real CPU time, so a stolen users file cannot be tried against a dictionary quickly; the
 * random salt makes equal passwords hash differently. {@link #matches} compares in constant time.
 *
 * <p>Immutable and thread-safe.
 *
 * @param iterations PBKDF2 iterations, at least {@value #MIN_ITERATIONS}
 * @param salt       the salt, at least {@value #MIN_SALT_BYTES} bytes
 * @param hash       the derived key, at least {@value #MIN_HASH_BYTES} bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** Iterations of new hashes: about a tenth of a second of one core per check on current hardware. */
    public static final int DEFAULT_ITERATIONS = 100_000;
    public static final int MIN_ITERATIONS = 1_000;
    /** The most iterations accepted, so that a users file cannot make one check take minutes. */
    public static final int MAX_ITERATIONS = 10_000_000;
    static final int MIN_SALT_BYTES = 8;
    static final int MIN_HASH_BYTES = 16;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    public PasswordHash {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations " + iterations + " outside " + MIN_ITERATIONS + ".."
                    + MAX_ITERATIONS);
        }
        if (salt.length < MIN_SALT_BYTES) {
            throw new IllegalArgumentException("salt of " + salt.length + " bytes is shorter than " + MIN_SALT_BYTES);
        }
        if (hash.length < MIN_HASH_BYTES) {
            throw new IllegalArgumentException("hash of " + hash.length + " bytes is shorter than " + MIN_HASH_BYTES);
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /**
     * Parses the stored form.
     *
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected <algorithm>:<iterations>:<salt base64>:<hash base64>, found "
                    + parts.length + " part(s)");
        }
        if (!parts[0].equals(ALGORITHM)) {
            throw new IllegalArgumentException("unsupported algorithm '" + parts[0] + "' (only " + ALGORITHM + ")");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations '" + parts[1] + "' is not a number");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt;
        byte[] hash;
        try {
            salt = b64.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt is not base64: " + e.getMessage());
        }
        try {
            hash = b64.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hash is not base64: " + e.getMessage());
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} hashes to this hash; takes the same time whatever the answer. */
    public boolean matches(char[] password) {
        byte[] candidate = derive(password, salt, iterations, hash.length);
        try {
            return MessageDigest.isEqual(candidate, hash);
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** The stored form, {@code <algorithm>:<iterations>:<salt>:<hash>}. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && p.iterations == iterations && Arrays.equals(p.salt, salt)
                && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return ALGORITHM + ":" + iterations + ":(salt):(hash)";
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
