package io.partita.benchmarks.selector;

import io.partita.protocol.message.DeliveryMode;
import io.partita.protocol.message.DestinationKind;
import io.partita.protocol.message.EnvelopeReader;
import io.partita.protocol.message.EnvelopeWriter;
import io.partita.protocol.message.MessageType;
import io.partita.protocol.selector.Selector;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Selector evaluation against an encoded envelope (the broker's path: an {@link EnvelopeReader}
 * over a buffer, no decoding), and selector parsing.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SelectorBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectorBenchmark {

    static final String SIMPLE = "color = 'red' AND weight > 2500";

    static final String TEN_TERMS = "color = 'red' AND weight > 2500 AND JMSPriority >= 4"
            + " AND region IN ('emea', 'apac', 'amer') AND sku LIKE 'AB-%-7_'"
            + " AND quantity BETWEEN 1 AND 100 AND price * quantity < 1E6"
            + " AND express = TRUE AND customer IS NOT NULL AND JMSType <> 'test'";

    private ByteBuffer envelope;
    private EnvelopeReader reader;
    private Selector simple;
    private Selector tenTerms;

    @Setup
    public void setUp() {
        byte[] bytes = new EnvelopeWriter()
                .messageType(MessageType.TEXT).deliveryMode(DeliveryMode.PERSISTENT).priority(5)
                .timestamp(1_700_000_000_000L).messageId("ID:4f1c2a9e-7d3b-4b8e-9a61-0c2d5e8f7a10")
                .destination(DestinationKind.QUEUE, "orders").type("order")
                .stringProperty("customer", "c-10293")
                .stringProperty("region", "apac")
                .stringProperty("sku", "AB-1234-77")
                .intProperty("quantity", 12)
                .doubleProperty("price", 19.99)
                .booleanProperty("express", true)
                .stringProperty("color", "red")
                .intProperty("weight", 3000)
                .toByteArray();
        envelope = ByteBuffer.allocateDirect(bytes.length);
        envelope.put(bytes).flip();
        reader = new EnvelopeReader();
        simple = Selector.parse(SIMPLE);
        tenTerms = Selector.parse(TEN_TERMS);
        if (!simple.matches(reader.wrap(envelope, 0, bytes.length), 1)
                || !tenTerms.matches(reader.wrap(envelope, 0, bytes.length), 1)) {
            throw new IllegalStateException("benchmark selectors must match the benchmark envelope");
        }
    }

    /** Wrap the envelope and evaluate {@value #SIMPLE}: the per-message work of a broker filter. */
    @Benchmark
    public boolean evaluateSimple() {
        return simple.matches(reader.wrap(envelope, 0, envelope.limit()), 1);
    }

    /** Wrap the envelope and evaluate a ten-term selector with IN, LIKE, BETWEEN and arithmetic. */
    @Benchmark
    public boolean evaluateTenTerms() {
        return tenTerms.matches(reader.wrap(envelope, 0, envelope.limit()), 1);
    }

    @Benchmark
    public Selector parseSimple() {
        return Selector.parse(SIMPLE);
    }

    @Benchmark
    public Selector parseTenTerms() {
        return Selector.parse(TEN_TERMS);
    }
}
