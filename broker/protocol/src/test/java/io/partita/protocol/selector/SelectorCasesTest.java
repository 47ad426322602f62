package io.partita.protocol.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.partita.protocol.message.DeliveryMode;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The selector language case by case: each row of {@code selector/cases.csv} is a selector and
 * what it evaluates to against {@link #PROPERTIES} and the headers below, or where it fails to
 * parse. Every row runs against the encoded envelope and against {@link MapSelectorContext}.
 */
class SelectorCasesTest {

    static final Map<String, Object> PROPERTIES = new LinkedHashMap<>();

    static {
        Map<String, Object> p = PROPERTIES;
        p.put("color", "blue");
        p.put("Color", "Blue");
        p.put("weight", 3000);
        p.put("age", 17);
        p.put("ageOld", 20);
        p.put("Country", "UK");
        p.put("Peru", "Peru");
        p.put("phone", "123");
        p.put("phone2", "12993");
        p.put("phone3", "1234");
        p.put("word", "lose");
        p.put("word2", "lase");
        p.put("word3", "loose");
        p.put("underscored", "_foo");
        p.put("name", "Hello");
        p.put("NewsType", "Sports");
        p.put("yes", true);
        p.put("no", false);
        p.put("b", (byte) 2);
        p.put("s", (short) 2);
        p.put("i", 2);
        p.put("l", 2L);
        p.put("f", 2.0f);
        p.put("d", 2.0d);
        p.put("fTenth", 0.1f);
        p.put("dTenth", 0.1d);
        p.put("fHalf", 0.5f);
        p.put("dHalf", 0.5d);
        p.put("lmax", Long.MAX_VALUE);
        p.put("lmin", Long.MIN_VALUE);
        p.put("zero", 0);
        p.put("inf", Double.POSITIVE_INFINITY);
        p.put("nan", Double.NaN);
        p.put("negZero", -0.0d);
        p.put("str", "abc");
        p.put("numStr", "2");
        p.put("quote", "it's");
        p.put("empty", "");
        p.put("unicode", "g\u00fcnter");
        p.put("emoji", "\uD83D\uDE00x");
        p.put("\u00e9t\u00e9", "summer");
        p.put("special", "a.b*c[d$e\\f");
        p.put("pct", "100%");
        p.put("pct2", "100x");
        p.put("under", "a_b");
        p.put("axb", "axb");
        p.put("bang", "a!b");
        p.put("mississippi", "mississippi");
        p.put("JMSXGroupID", "g1");
        p.put("JMSXGroupSeq", 3);
        p.put("JMS_vendor", "v");
        p.put("$dollar", 1);
        p.put("_under", 1);
        p.put("a1_$b", 1);
        p.put("notable", 1);
        p.put("islands", 1);
    }

    static final int DELIVERY_COUNT = 2;

    private static final ByteBuffer ENVELOPE;

    static {
        EnvelopeWriter w = new EnvelopeWriter()
                .deliveryMode(DeliveryMode.PERSISTENT).priority(4).messageId("ID:1").timestamp(1000)
                .correlationId("corr-1").type("car");
        PROPERTIES.forEach(w::objectProperty);
        ENVELOPE = ByteBuffer.wrap(w.toByteArray());
    }

    static MapSelectorContext mapContext() {
        return new MapSelectorContext().properties(PROPERTIES).persistent(true).priority(4).messageId("ID:1")
                .timestamp(1000).correlationId("corr-1").type("car");
    }

    @ParameterizedTest(name = "[{index}] {1} -> {0}")
    @CsvFileSource(resources = "/selector/cases.csv", delimiter = '|', quoteCharacter = '`', encoding = "UTF-8")
    void evaluatesAsExpected(String expected, String text) {
        if (expected.startsWith("ERROR:")) {
            int position = Integer.parseInt(expected.substring("ERROR:".length()));
            SelectorParseException e = assertThrows(SelectorParseException.class, () -> Selector.parse(text));
            assertEquals(position, e.position(), e.getMessage());
            assertTrue(e.getMessage().startsWith("expected " + e.expected() + " at position " + position
                    + " but found " + e.found()), e.getMessage());
            return;
        }
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (SelectorParseException e) {
            fail("did not parse: " + e.getMessage());
            return;
        }
        int want = expected.equals("TRUE") ? Expr.TRUE : expected.equals("FALSE") ? Expr.FALSE : Expr.UNKNOWN;
        if (!expected.equals("TRUE") && !expected.equals("FALSE") && !expected.equals("UNKNOWN")) {
            fail("bad expectation " + expected);
        }
        EnvelopeReader reader = new EnvelopeReader().wrap(ENVELOPE, 0, ENVELOPE.limit());
        assertEquals(name(want), name(selector.evaluate(reader, DELIVERY_COUNT)), "over the envelope");
        assertEquals(name(want), name(selector.evaluate(mapContext(), DELIVERY_COUNT)), "over a map");
        assertEquals(want == Expr.TRUE, selector.matches(reader, DELIVERY_COUNT));
    }

    @Test
    void blankSelectorsMatchEverything() {
        assertSame(Selector.MATCH_ALL, Selector.parse(null));
        assertSame(Selector.MATCH_ALL, Selector.parse(""));
        assertSame(Selector.MATCH_ALL, Selector.parse(" \t\n "));
        assertTrue(Selector.MATCH_ALL.matches(mapContext(), 1));
        assertTrue(Selector.MATCH_ALL.matchesAll());
    }

    @Test
    void anyWhitespaceSeparatesTokens() {
        Selector s = Selector.parse("\ti\n=\r2\f AND\u2003yes");
        assertTrue(s.matches(mapContext(), 1));
    }

    @Test
    void deliveryCountDrivesRedelivered() {
        Selector redelivered = Selector.parse("JMSRedelivered");
        assertEquals(false, redelivered.matches(mapContext(), 1));
        assertEquals(true, redelivered.matches(mapContext(), 2));
        Selector count = Selector.parse("JMSXDeliveryCount >= 3");
        assertEquals(false, count.matches(mapContext(), 2));
        assertEquals(true, count.matches(mapContext(), 3));
    }

    @Test
    void errorMessageNamesPositionExpectedAndFound() {
        SelectorParseException e = assertThrows(SelectorParseException.class,
                () -> Selector.parse("(color = 'red' AND"));
        assertEquals("expected an identifier, literal or '(' at position 18 but found end of selector"
                + " in selector \"(color = 'red' AND\"", e.getMessage());
        e = assertThrows(SelectorParseException.class, () -> Selector.parse("(weight > 2500 OR x"));
        assertEquals(19, e.position());
        assertEquals("')'", e.expected());
        assertEquals("end of selector", e.found());
    }

    @Test
    void nonPersistentAndNullHeaders() {
        EnvelopeWriter w = new EnvelopeWriter().deliveryMode(DeliveryMode.NON_PERSISTENT)
                .correlationIdBytes(new byte[] {1, 2});
        EnvelopeReader reader = new EnvelopeReader().wrap(ByteBuffer.wrap(w.toByteArray()));
        assertTrue(Selector.parse("JMSDeliveryMode = 'NON_PERSISTENT'").matches(reader, 1));
        assertTrue(Selector.parse("JMSMessageID IS NULL AND JMSType IS NULL AND JMSCorrelationID IS NULL")
                .matches(reader, 1));
        MapSelectorContext map = new MapSelectorContext().persistent(false);
        assertTrue(Selector.parse("JMSDeliveryMode <> 'PERSISTENT' AND JMSMessageID IS NULL").matches(map, 1));
    }

    private static String name(int truth) {
        return truth == Expr.TRUE ? "TRUE" : truth == Expr.FALSE ? "FALSE" : "UNKNOWN";
    }
}
