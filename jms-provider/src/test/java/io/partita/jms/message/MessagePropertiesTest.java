package io.partita.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.0, section 3.5: message properties. */
class MessagePropertiesTest {

    /** Reads property "p" with one getter, boxing the result. */
    @FunctionalInterface
    interface Getter {
        Object get(PartitaMessage m) throws JMSException;
    }

    static final Getter BOOLEAN = m -> m.getBooleanProperty("p");
    static final Getter BYTE = m -> m.getByteProperty("p");
    static final Getter SHORT = m -> m.getShortProperty("p");
    static final Getter INT = m -> m.getIntProperty("p");
    static final Getter LONG = m -> m.getLongProperty("p");
    static final Getter FLOAT = m -> m.getFloatProperty("p");
    static final Getter DOUBLE = m -> m.getDoubleProperty("p");
    static final Getter STRING = m -> m.getStringProperty("p");

    private static PartitaMessage with(Object value) throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setObjectProperty("p", value);
        return m;
    }

    private static void readsAs(Object written, Getter getter, Object expected) throws JMSException {
        assertEquals(expected, getter.get(with(written)), () -> "reading " + written);
    }

    private static void refuses(Object written, Getter... getters) throws JMSException {
        for (Getter g : getters) {
            PartitaMessage m = with(written);
            assertThrows(MessageFormatException.class, () -> g.get(m), () -> "reading " + written);
        }
    }

    /** Section 3.5.4: the conversion table, row by row. */
    @Nested
    class ConversionTable {
        @Test
        void booleanRow() throws JMSException {
            readsAs(true, BOOLEAN, true);
            readsAs(true, STRING, "true");
            refuses(true, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE);
        }

        @Test
        void byteRow() throws JMSException {
            byte b = -7;
            readsAs(b, BYTE, b);
            readsAs(b, SHORT, (short) -7);
            readsAs(b, INT, -7);
            readsAs(b, LONG, -7L);
            readsAs(b, STRING, "-7");
            refuses(b, BOOLEAN, FLOAT, DOUBLE);
        }

        @Test
        void shortRow() throws JMSException {
            short s = 300;
            readsAs(s, SHORT, s);
            readsAs(s, INT, 300);
            readsAs(s, LONG, 300L);
            readsAs(s, STRING, "300");
            refuses(s, BOOLEAN, BYTE, FLOAT, DOUBLE);
        }

        @Test
        void intRow() throws JMSException {
            readsAs(70000, INT, 70000);
            readsAs(70000, LONG, 70000L);
            readsAs(70000, STRING, "70000");
            refuses(70000, BOOLEAN, BYTE, SHORT, FLOAT, DOUBLE);
        }

        @Test
        void longRow() throws JMSException {
            readsAs(Long.MAX_VALUE, LONG, Long.MAX_VALUE);
            readsAs(Long.MAX_VALUE, STRING, String.valueOf(Long.MAX_VALUE));
            refuses(Long.MAX_VALUE, BOOLEAN, BYTE, SHORT, INT, FLOAT, DOUBLE);
        }

        @Test
        void floatRow() throws JMSException {
            readsAs(1.5f, FLOAT, 1.5f);
            readsAs(1.5f, DOUBLE, 1.5d);
            readsAs(1.5f, STRING, "1.5");
            refuses(1.5f, BOOLEAN, BYTE, SHORT, INT, LONG);
        }

        @Test
        void doubleRow() throws JMSException {
            readsAs(2.25d, DOUBLE, 2.25d);
            readsAs(2.25d, STRING, "2.25");
            refuses(2.25d, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT);
        }

        @Test
        void stringRowParsesWithValueOf() throws JMSException {
            readsAs("TRUE", BOOLEAN, true);
            readsAs("yes", BOOLEAN, false);
            readsAs("12", BYTE, (byte) 12);
            readsAs("1200", SHORT, (short) 1200);
            readsAs("-5", INT, -5);
            readsAs("9000000000", LONG, 9_000_000_000L);
            readsAs("0.5", FLOAT, 0.5f);
            readsAs("1e3", DOUBLE, 1000d);
            readsAs("text", STRING, "text");
        }

        @Test
        void badStringsThrowNumberFormatException() throws JMSException {
            for (Getter g : List.of(BYTE, SHORT, INT, LONG, FLOAT, DOUBLE)) {
                PartitaMessage m = with("not a number");
                assertThrows(NumberFormatException.class, () -> g.get(m));
            }
            PartitaMessage big = with("300");
            assertThrows(NumberFormatException.class, () -> big.getByteProperty("p"));
        }
    }

    /** Section 3.5.4: a property that does not exist, or is null, reads as valueOf(null). */
    @Nested
    class NullValues {
        @Test
        void missingProperty() throws JMSException {
            PartitaMessage m = new PartitaMessage();
            assertFalse(m.getBooleanProperty("p"));
            assertNull(m.getStringProperty("p"));
            assertNull(m.getObjectProperty("p"));
            assertFalse(m.propertyExists("p"));
            for (Getter g : List.of(BYTE, SHORT, INT, LONG)) {
                assertThrows(NumberFormatException.class, () -> g.get(m));
            }
            assertThrows(NullPointerException.class, () -> m.getFloatProperty("p"));
            assertThrows(NullPointerException.class, () -> m.getDoubleProperty("p"));
        }

        @Test
        void nullValuedPropertyExistsAndReadsAsNull() throws JMSException {
            PartitaMessage m = new PartitaMessage();
            m.setStringProperty("p", null);
            assertTrue(m.propertyExists("p"));
            assertNull(m.getStringProperty("p"));
            assertFalse(m.getBooleanProperty("p"));
            assertThrows(NumberFormatException.class, () -> m.getIntProperty("p"));
        }
    }

    /** Sections 3.5.1 and 3.8.1.1: property names are selector identifiers. */
    @Nested
    class Names {
        @Test
        void nullAndEmptyNamesAreRefused() {
            PartitaMessage m = new PartitaMessage();
            assertThrows(IllegalArgumentException.class, () -> m.setIntProperty(null, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setIntProperty("", 1));
            assertTrue(e.getMessage().contains("empty"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"1abc", "a-b", "a b", "a.b", "ü-ber", "$$ok$$-"})
        void namesThatAreNotJavaIdentifiersAreRefused(String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PartitaMessage().setStringProperty(name, "v"));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"NULL", "true", "False", "NOT", "and", "Or", "BETWEEN", "like", "IN", "is", "Escape"})
        void reservedWordsAreRefusedInAnyCase(String name) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PartitaMessage().setBooleanProperty(name, true));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {"JMSXFoo", "JMSFoo", "JMSCorrelationID", "JMSPriority"})
        void jmsPrefixedNamesOtherThanJmsxAndVendorAreRefused(String name) {
            assertThrows(IllegalArgumentException.class, () -> new PartitaMessage().setStringProperty(name, "v"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "_x", "$y", "order_id2", "élan", "JMS_Partita_Hint", "JMSXGroupID", "jmsLower",
                "NULLABLE", "Inside"})
        void identifiersAreAccepted(String name) throws JMSException {
            PartitaMessage m = new PartitaMessage();
            m.setStringProperty(name, "v");
            assertEquals("v", m.getStringProperty(name));
        }

        @Test
        void groupIdMustBeAStringAndGroupSeqAnInt() throws JMSException {
            PartitaMessage m = new PartitaMessage();
            assertThrows(MessageFormatException.class, () -> m.setIntProperty("JMSXGroupID", 1));
            assertThrows(MessageFormatException.class, () -> m.setStringProperty("JMSXGroupSeq", "1"));
            m.setStringProperty("JMSXGroupID", "g");
            m.setIntProperty("JMSXGroupSeq", 4);
            assertEquals("g", m.getStringProperty("JMSXGroupID"));
            assertEquals(4, m.getIntProperty("JMSXGroupSeq"));
        }
    }

    @Test
    void objectPropertyTakesOnlyBoxedPrimitivesAndStrings() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        for (Object ok : new Object[] {true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "s", null}) {
            m.setObjectProperty("p", ok);
            assertEquals(ok, m.getObjectProperty("p"));
        }
        for (Object bad : new Object[] {'c', new byte[1], new Object(), List.of()}) {
            MessageFormatException e = assertThrows(MessageFormatException.class, () -> m.setObjectProperty("q", bad));
            assertTrue(e.getMessage().contains("'q'"), e.getMessage());
        }
        assertFalse(m.propertyExists("q"));
    }

    @Test
    void propertyNamesEnumeratesEveryPropertyButNoHeaderField() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setJMSType("t");
        m.setIntProperty("a", 1);
        m.setStringProperty("b", null);
        Set<String> names = new TreeSet<>(Collections.list(m.getPropertyNames()));
        assertEquals(Set.of("a", "b"), names);
    }

    @Test
    void setAgainReplacesValueAndType() throws JMSException {
        PartitaMessage m = new PartitaMessage();
        m.setIntProperty("p", 1);
        m.setStringProperty("p", "two");
        assertEquals("two", m.getObjectProperty("p"));
        assertThrows(NumberFormatException.class, () -> m.getIntProperty("p"));
    }

    /** Section 3.5.6 and 3.10: properties of a received message are read-only until cleared. */
    @Nested
    class ReadOnly {
        @Test
        void receivedPropertiesCannotBeSet() throws JMSException {
            PartitaMessage sent = new PartitaMessage();
            sent.setIntProperty("n", 1);
            PartitaMessage m = Received.roundTrip(sent);
            assertEquals(1, m.getIntProperty("n"));
            assertThrows(MessageNotWriteableException.class, () -> m.setIntProperty("n", 2));
            assertThrows(MessageNotWriteableException.class, () -> m.setObjectProperty("x", "y"));
            assertThrows(MessageNotWriteableException.class, () -> m.setStringProperty("s", "y"));
            assertEquals(1, m.getIntProperty("n"));
        }

        @Test
        void clearPropertiesEmptiesThemAndMakesThemWritable() throws JMSException {
            PartitaMessage sent = new PartitaMessage();
            sent.setIntProperty("n", 1);
            PartitaMessage m = Received.roundTrip(sent);
            m.clearProperties();
            assertFalse(m.propertyExists("n"));
            assertFalse(m.propertyExists("JMSXDeliveryCount"));
            m.setIntProperty("n", 2);
            assertEquals(2, m.getIntProperty("n"));
        }

        @Test
        void clearPropertiesLeavesTheBodyAlone() throws JMSException {
            PartitaTextMessage m = Received.roundTrip(new PartitaTextMessage("body"));
            m.clearProperties();
            assertEquals("body", m.getText());
            assertThrows(MessageNotWriteableException.class, () -> m.setText("x"));
        }
    }
}
