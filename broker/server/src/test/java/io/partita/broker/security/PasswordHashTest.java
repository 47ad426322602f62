package io.partita.broker.security;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    @Test
    void formatParsesBackAndMatchesOnlyThePassword() {
        PasswordHash h = PasswordHash.create("pa55 wörd".toCharArray(), 1000, new SecureRandom());
        PasswordHash parsed = PasswordHash.parse(h.format());
        assertEquals(h, parsed);
        assertTrue(parsed.matches("pa55 wörd".toCharArray()));
        assertFalse(parsed.matches("pa55 word".toCharArray()));
        assertFalse(parsed.matches(new char[0]));
        assertFalse(h.toString().contains(h.format().split(":")[3]), "toString hides the hash");
    }

    @Test
    void equalPasswordsGetDifferentSalts() {
        SecureRandom random = new SecureRandom();
        assertNotEquals(PasswordHash.create("x".toCharArray(), 1000, random).format(),
                PasswordHash.create("x".toCharArray(), 1000, random).format());
    }

    @Test
    void badStoredFormsAreRefusedSayingWhy() {
        String good = PasswordHash.create("x".toCharArray(), 1000, new SecureRandom()).format();
        String[] p = good.split(":");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("MD5:1:" + p[2] + ":" + p[3]))
                .getMessage().contains("unsupported algorithm 'MD5'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(p[0] + ":ten:" + p[2] + ":" + p[3]))
                .getMessage().contains("iterations 'ten'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(p[0] + ":10:" + p[2] + ":" + p[3]))
                .getMessage().contains("iterations 10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(p[0] + ":1000:%%:" + p[3]))
                .getMessage().contains("salt"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(p[0] + ":1000:" + p[2]))
                .getMessage().contains("3 part(s)"));
    }

    @Test
    void theAuthenticatorAcceptsOnlyTheRightPasswordAndSaysNothingAboutWhichPartWasWrong() {
        PasswordHash alice = PasswordHash.create("secret".toCharArray(), 1000, new SecureRandom());
        Authenticator a = new Authenticator(Map.of("alice", alice), false);
        assertTrue(a.authenticate("alice", utf8("secret")).succeeded());
        Authenticator.Result wrong = a.authenticate("alice", utf8("secreT"));
        Authenticator.Result unknown = a.authenticate("eve", utf8("secret"));
        assertEquals(wrong.error(), unknown.error());
        assertTrue(wrong.message().endsWith("unknown user or wrong password"));
        assertTrue(unknown.message().endsWith("unknown user or wrong password"));
        assertFalse(a.authenticate("alice", ByteBuffer.wrap(new byte[] {(byte) 0xC3})).succeeded(), "not UTF-8");
        assertFalse(a.authenticate("alice", null).succeeded());
        assertFalse(a.authenticate(null, null).succeeded(), "anonymous refused");
        assertTrue(new Authenticator(Map.of(), true).authenticate(null, null).succeeded());
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
