package io.partita.protocol.selector;

import static org.junit.jupiter.api.Assertions.fail;

import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random selectors over random messages: each selector is generated as a small syntax tree,
 * rendered to text and parsed by the engine, then evaluated both by the engine (over the
 * encoded envelope and over a map) and by the deliberately plain interpreter in this class,
 * which walks the tree over boxed values. All three must agree. Seeds are fixed, so a failure
 * repeats; the message names the seed, case, selector and properties.
 */
class SelectorPropertyTest {

    private static final int CASES_PER_SEED = 500;
    private static final String[] NAMES = {"p0", "p1", "p2", "p3", "p4", "JMSPriority", "JMSType",
        "JMSXDeliveryCount", "JMSCorrelationID"};
    private static final String[] STRINGS = {"", "a", "b", "ab", "ba", "a%", "a_b", "abc", "x.y", "it's", "\u00fc"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void engineAgreesWithReferenceInterpreter(long seed) {
        Random random = new Random(seed);
        EnvelopeWriter writer = new EnvelopeWriter();
        EnvelopeReader reader = new EnvelopeReader();
        Map<String, Integer> outcomes = new HashMap<>();
        for (int c = 0; c < CASES_PER_SEED; c++) {
            Message m = randomMessage(random);
            Node node = new Generator(random).condition(0);
            String text = node.render();
            Selector selector;
            try {
                selector = Selector.parse(text);
            } catch (SelectorParseException e) {
                fail("seed " + seed + " case " + c + ": generated selector did not parse: " + e.getMessage());
                return;
            }
            writer.reset().priority(m.priority).type(m.type).correlationId(m.correlationId);
            m.properties.forEach(writer::objectProperty);
            reader.wrap(ByteBuffer.wrap(writer.toByteArray()));
            MapSelectorContext map = new MapSelectorContext().properties(m.properties).priority(m.priority)
                    .type(m.type).correlationId(m.correlationId);

            Boolean expected = node.truth(m);
            String want = expected == null ? "UNKNOWN" : expected.toString().toUpperCase();
            String overEnvelope = name(selector.evaluate(reader, m.deliveryCount));
            String overMap = name(selector.evaluate(map, m.deliveryCount));
            if (!want.equals(overEnvelope) || !want.equals(overMap)) {
                fail("seed " + seed + " case " + c + ": selector " + text + "\n  message " + m
                        + "\n  reference " + want + ", envelope " + overEnvelope + ", map " + overMap);
            }
            outcomes.merge(want, 1, Integer::sum);
        }
        // the generator must exercise all three outcomes, not mostly one
        for (String outcome : new String[] {"TRUE", "FALSE", "UNKNOWN"}) {
            if (outcomes.getOrDefault(outcome, 0) < CASES_PER_SEED / 10) {
                fail("seed " + seed + ": too few " + outcome + " outcomes: " + outcomes);
            }
        }
    }

    private static String name(int truth) {
        return truth == Expr.TRUE ? "TRUE" : truth == Expr.FALSE ? "FALSE" : "UNKNOWN";
    }

    // ---- random messages ----

    static final class Message {
        final Map<String, Object> properties = new HashMap<>();
        int priority;
        String type;
        String correlationId;
        int deliveryCount;

        Object lookup(String name) {
            switch (name) {
                case "JMSPriority": return (long) priority;
                case "JMSType": return type;
                case "JMSCorrelationID": return correlationId;
                case "JMSXDeliveryCount": return (long) deliveryCount;
                default: {
                    Object v = properties.get(name);
                    if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
                        return ((Number) v).longValue();
                    }
                    if (v instanceof Float) {
                        return ((Float) v).doubleValue();
                    }
                    return v;
                }
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            properties.forEach((k, v) -> sb.append(k).append('=').append(v)
                    .append(" (").append(v == null ? "null" : v.getClass().getSimpleName()).append("), "));
            return sb.append("JMSPriority=").append(priority).append(", JMSType=").append(type)
                    .append(", JMSCorrelationID=").append(correlationId)
                    .append(", deliveryCount=").append(deliveryCount).append('}').toString();
        }
    }

    private static Message randomMessage(Random r) {
        Message m = new Message();
        for (int i = 0; i < 5; i++) {
            Object v = randomValue(r);
            if (v != null || r.nextInt(4) == 0) {
                m.properties.put("p" + i, v);
            }
        }
        m.priority = r.nextInt(10);
        m.type = r.nextInt(3) == 0 ? null : STRINGS[r.nextInt(STRINGS.length)];
        m.correlationId = r.nextInt(3) == 0 ? null : STRINGS[r.nextInt(STRINGS.length)];
        m.deliveryCount = 1 + r.nextInt(3);
        return m;
    }

    private static Object randomValue(Random r) {
        long[] smallLongs = {0, 1, 2, 3, -1, -2, 10};
        switch (r.nextInt(10)) {
            case 0: return null;
            case 1: return r.nextBoolean();
            case 2: return (byte) smallLongs[r.nextInt(smallLongs.length)];
            case 3: return (short) smallLongs[r.nextInt(smallLongs.length)];
            case 4: return (int) smallLongs[r.nextInt(smallLongs.length)];
            case 5: return r.nextInt(8) == 0 ? (r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE)
                    : smallLongs[r.nextInt(smallLongs.length)];
            case 6: return new float[] {0.5f, 1f, 2f, -1f, 0.1f, Float.NaN}[r.nextInt(6)];
            case 7: return new double[] {0.5, 1, 2, -1, 0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY}[r.nextInt(8)];
            default: return STRINGS[r.nextInt(STRINGS.length)];
        }
    }

    // ---- syntax trees, their rendering, and the reference interpreter ----

    interface Node {
        String render();

        /** Value: Long, Double, String, Boolean or null. */
        Object value(Message m);

        /** Truth: TRUE, FALSE or null for UNKNOWN. */
        default Boolean truth(Message m) {
            Object v = value(m);
            return v instanceof Boolean ? (Boolean) v : null;
        }
    }

    static final class Literal implements Node {
        final Object value;
        final String text;

        Literal(Object value, String text) {
            this.value = value;
            this.text = text;
        }

        public String render() {
            return text;
        }

        public Object value(Message m) {
            return value;
        }
    }

    static final class Ident implements Node {
        final String name;

        Ident(String name) {
            this.name = name;
        }

        public String render() {
            return name;
        }

        public Object value(Message m) {
            return m.lookup(name);
        }
    }

    static final class Arith implements Node {
        final char op;
        final Node a;
        final Node b;

        Arith(char op, Node a, Node b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }

        public String render() {
            return "(" + a.render() + " " + op + " " + b.render() + ")";
        }

        public Object value(Message m) {
            Object x = a.value(m);
            Object y = b.value(m);
            if (!(x instanceof Number) || !(y instanceof Number)) {
                return null;
            }
            if (x instanceof Long && y instanceof Long) {
                long p = (Long) x;
                long q = (Long) y;
                switch (op) {
                    case '+': return p + q;
                    case '-': return p - q;
                    case '*': return p * q;
                    default: return q == 0 ? null : p / q;
                }
            }
            double p = ((Number) x).doubleValue();
            double q = ((Number) y).doubleValue();
            switch (op) {
                case '+': return p + q;
                case '-': return p - q;
                case '*': return p * q;
                default: return p / q;
            }
        }
    }

    static final class Negate implements Node {
        final Node a;

        Negate(Node a) {
            this.a = a;
        }

        public String render() {
            return "-(" + a.render() + ")";
        }

        public Object value(Message m) {
            Object x = a.value(m);
            if (x instanceof Long) {
                return -(Long) x;
            }
            if (x instanceof Double) {
                return -(Double) x;
            }
            return null;
        }
    }

    static Boolean compare(String op, Object x, Object y) {
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Number && y instanceof Number) {
            int c;
            if (x instanceof Long && y instanceof Long) {
                long p = (Long) x;
                long q = (Long) y;
                switch (op) {
                    case "=": return p == q;
                    case "<>": return p != q;
                    case "<": return p < q;
                    case "<=": return p <= q;
                    case ">": return p > q;
                    default: return p >= q;
                }
            }
            double p = ((Number) x).doubleValue();
            double q = ((Number) y).doubleValue();
            switch (op) {
                case "=": return p == q;
                case "<>": return p != q;
                case "<": return p < q;
                case "<=": return p <= q;
                case ">": return p > q;
                default: return p >= q;
            }
        }
        if (x.getClass() != y.getClass()) {
            return false; // unlike types
        }
        if (op.equals("=")) {
            return x.equals(y);
        }
        if (op.equals("<>")) {
            return !x.equals(y);
        }
        return false; // ordering of strings or booleans
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : true;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : false;
    }

    static final class Compare implements Node {
        final String op;
        final Node a;
        final Node b;

        Compare(String op, Node a, Node b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }

        public String render() {
            return "(" + a.render() + " " + op + " " + b.render() + ")";
        }

        public Object value(Message m) {
            return compare(op, a.value(m), b.value(m));
        }
    }

    static final class Logic implements Node {
        final String op;
        final Node a;
        final Node b;

        Logic(String op, Node a, Node b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }

        public String render() {
            return op.equals("NOT") ? "(NOT " + a.render() + ")" : "(" + a.render() + " " + op + " " + b.render() + ")";
        }

        public Object value(Message m) {
            switch (op) {
                case "NOT": {
                    Boolean x = a.truth(m);
                    return x == null ? null : !x;
                }
                case "AND": return and(a.truth(m), b.truth(m));
                default: return or(a.truth(m), b.truth(m));
            }
        }
    }

    static final class Between implements Node {
        final boolean not;
        final Node v;
        final Node lo;
        final Node hi;

        Between(boolean not, Node v, Node lo, Node hi) {
            this.not = not;
            this.v = v;
            this.lo = lo;
            this.hi = hi;
        }

        public String render() {
            return "(" + v.render() + (not ? " NOT" : "") + " BETWEEN " + lo.render() + " AND " + hi.render() + ")";
        }

        public Object value(Message m) {
            Object x = v.value(m);
            if (x == null) {
                return null;
            }
            return not ? or(compare("<", x, lo.value(m)), compare(">", x, hi.value(m)))
                    : and(compare(">=", x, lo.value(m)), compare("<=", x, hi.value(m)));
        }
    }

    static final class In implements Node {
        final boolean not;
        final Ident v;
        final List<String> list;

        In(boolean not, Ident v, List<String> list) {
            this.not = not;
            this.v = v;
            this.list = list;
        }

        public String render() {
            StringBuilder sb = new StringBuilder("(").append(v.render()).append(not ? " NOT IN (" : " IN (");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(quote(list.get(i)));
            }
            return sb.append("))").toString();
        }

        public Object value(Message m) {
            Object x = v.value(m);
            if (x == null) {
                return null;
            }
            return (x instanceof String && list.contains(x)) != not;
        }
    }

    static final class Like implements Node {
        final boolean not;
        final Ident v;
        final String pattern;
        final Character escape;

        Like(boolean not, Ident v, String pattern, Character escape) {
            this.not = not;
            this.v = v;
            this.pattern = pattern;
            this.escape = escape;
        }

        public String render() {
            return "(" + v.render() + (not ? " NOT" : "") + " LIKE " + quote(pattern)
                    + (escape == null ? "" : " ESCAPE " + quote(escape.toString())) + ")";
        }

        public Object value(Message m) {
            Object x = v.value(m);
            if (x == null) {
                return null;
            }
            if (!(x instanceof String)) {
                return not;
            }
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (escape != null && c == escape) {
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else if (c == '_') {
                    regex.append('.');
                } else if (c == '%') {
                    regex.append(".*");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher((String) x).matches() != not;
        }
    }

    static final class IsNull implements Node {
        final boolean not;
        final Ident v;

        IsNull(boolean not, Ident v) {
            this.not = not;
            this.v = v;
        }

        public String render() {
            return "(" + v.render() + (not ? " IS NOT NULL)" : " IS NULL)");
        }

        public Object value(Message m) {
            return (v.value(m) == null) != not;
        }
    }

    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** Generates trees that are valid under the parser's static type rules. */
    static final class Generator {
        private final Random r;

        Generator(Random r) {
            this.r = r;
        }

        Node condition(int depth) {
            int choice = depth >= 4 ? 4 + r.nextInt(9) : r.nextInt(13);
            switch (choice) {
                case 0: return new Logic("AND", condition(depth + 1), condition(depth + 1));
                case 1: return new Logic("OR", condition(depth + 1), condition(depth + 1));
                case 2: return new Logic("NOT", condition(depth + 1), null);
                case 3: return new Compare(r.nextBoolean() ? "=" : "<>", condition(depth + 1), condition(depth + 1));
                case 4: return new Compare(pick("=", "<>", "<", "<=", ">", ">="), number(depth + 1), number(depth + 1));
                case 5: return new Compare(pick("=", "<>"), anything(depth + 1), anything(depth + 1));
                case 6: return new Between(r.nextBoolean(), number(depth + 1), number(depth + 1), number(depth + 1));
                case 7: {
                    List<String> list = new ArrayList<>();
                    int n = 1 + r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        list.add(STRINGS[r.nextInt(STRINGS.length)]);
                    }
                    return new In(r.nextBoolean(), stringIdent(), list);
                }
                case 8: return like();
                case 9: return new IsNull(r.nextBoolean(), ident());
                case 10: return new Ident("p" + r.nextInt(5));
                case 11: {
                    boolean b = r.nextBoolean();
                    return new Literal(b, b ? "TRUE" : "FALSE");
                }
                default: return new Compare(pick("=", "<>"), ident(), stringLiteral());
            }
        }

        private Node like() {
            String[] patterns = {"a%", "%b", "_", "%", "a_b", "a!%", "a!_b", "%!%%", "__", "ab", "", "x.y", "%.%", "\u00fc"};
            String p = patterns[r.nextInt(patterns.length)];
            Character escape = p.contains("!") || r.nextInt(4) == 0 ? '!' : null;
            return new Like(r.nextBoolean(), stringIdent(), p, escape);
        }

        Node number(int depth) {
            int choice = depth >= 4 ? r.nextInt(3) : r.nextInt(5);
            switch (choice) {
                case 0: {
                    long v = new long[] {0, 1, 2, 3, -1, 10, 9223372036854775807L}[r.nextInt(7)];
                    return new Literal(v, Long.toString(v));
                }
                case 1: {
                    double v = new double[] {0.5, 2.0, 0.1, -1.5, 1E3, 0.0}[r.nextInt(6)];
                    return new Literal(v, Double.toString(v));
                }
                case 2: return new Ident(pick("p0", "p1", "p2", "p3", "p4", "JMSPriority", "JMSXDeliveryCount"));
                case 3: return new Arith(pick('+', '-', '*', '/'), number(depth + 1), number(depth + 1));
                default: return new Negate(number(depth + 1));
            }
        }

        Node anything(int depth) {
            switch (r.nextInt(4)) {
                case 0: return number(depth);
                case 1: return stringLiteral();
                case 2: return new Literal(Boolean.TRUE, "TRUE");
                default: return ident();
            }
        }

        private Node stringLiteral() {
            String s = STRINGS[r.nextInt(STRINGS.length)];
            return new Literal(s, quote(s));
        }

        private Ident ident() {
            return new Ident(NAMES[r.nextInt(NAMES.length)]);
        }

        /** An identifier allowed before IN and LIKE: a property or a string header. */
        private Ident stringIdent() {
            String[] names = {"p0", "p1", "p2", "p3", "p4", "JMSType", "JMSCorrelationID"};
            return new Ident(names[r.nextInt(names.length)]);
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[r.nextInt(options.length)];
        }
    }
}
