package io.partita.protocol.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known-answer tests for {@link Murmur2}. Each vector names its source:
 * <ul>
 *   <li>[kafka] apache/kafka {@code clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java},
 *       {@code testMurmur2}: hashes from Kafka's own {@code Utils.murmur2}.</li>
 *   <li>[kafkajs] tulios/kafkajs {@code src/producer/partitioners/defaultJava/murmur2.spec.js}: hashes
 *       produced by running Kafka's Java murmur2 ({@code defaultJava/Test.java}) on ASCII keys.</li>
 *   <li>[kafka-python] dpkp/kafka-python {@code test/test_partitioner.py},
 *       {@code test_murmur2_java_compatibility}: partitions out of 1000, "compared with output from
 *       Kafka's Partitioner".</li>
 *   <li>[computed] values computed for Partita with a separate, from-scratch Python 3 implementation of
 *       MurmurHash2 (unsigned 32-bit arithmetic, {@code int.from_bytes(..., 'little')} blocks), which
 *       first reproduced every published vector above; keys are given as hex of their bytes.</li>
 * </ul>
 */
class Murmur2Test {

    @ParameterizedTest(name = "[{2}] murmur2(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            21                                               | -973932308  | kafka
            foobar                                           | -790332482  | kafka
            a-little-bit-long-string                         | -985981536  | kafka
            a-little-bit-longer-string                       | -1486304829 | kafka
            lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8 | -58897971   | kafka
            abc                                              | 479470107   | kafka
            0                                                | 971027396   | kafkajs
            1                                                | -1993445489 | kafkajs
            128                                              | -326012175  | kafkajs
            2187                                             | -1508407203 | kafkajs
            16384                                            | -325739742  | kafkajs
            78125                                            | -1654490814 | kafkajs
            279936                                           | 1462227128  | kafkajs
            823543                                           | -2014198330 | kafkajs
            2097152                                          | 607668903   | kafkajs
            4782969                                          | -1182699775 | kafkajs
            10000000                                         | -1830336757 | kafkajs
            19487171                                         | -1603849305 | kafkajs
            35831808                                         | -857013643  | kafkajs
            62748517                                         | -1167431028 | kafkajs
            105413504                                        | -381294639  | kafkajs
            170859375                                        | -1658323481 | kafkajs
            100:48069                                        | 1009543857  | kafkajs
            """)
    void publishedHashesOfAsciiKeys(String key, int expected, String source) {
        assertEquals(expected, Murmur2.hash(key.getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "[computed] murmur2(0x{0}) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                             | 275646681
            61                                             | -1563381124
            61626364                                       | -1323649548
            6162636465                                     | 461995741
            ff                                             | -311467685
            fffefd                                         | 998637092
            800000007f                                     | 1752137206
            6f726465722d3432                               | 501153024
            636166c3a9                                     | -1358007374
            e697a5e69cace8aa9e                             | 1431860170
            4a4d535847726f757049443a637573746f6d65722d37   | 338519222
            00000000000000                                 | 1067877175
            """)
    void computedHashesOfArbitraryBytes(String hex, int expected) {
        assertEquals(expected, Murmur2.hash(HexFormat.of().parseHex(hex)));
    }

    @Test
    void computedHashOfAllByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        // [computed] bytes 0x00..0xff in order
        assertEquals(-1948347274, Murmur2.hash(all));
    }

    @ParameterizedTest(name = "[kafka-python] partition(0x{0}, 1000) = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | 681
            61                 | 524
            6162               | 434
            616263             | 107
            313233343536373839 | 566
            0020               | 742
            """)
    void publishedPartitionsOutOfAThousand(String hex, int expected) {
        assertEquals(expected, Murmur2.partitionFor(HexFormat.of().parseHex(hex), 1000));
    }

    @ParameterizedTest(name = "[computed] partition(\"{0}\", n) for n = 1, 2, 3, 7, 12, 100")
    @CsvSource(delimiter = '|', textBlock = """
            21                       | 0 | 0 | 0 | 3 | 0 | 40
            foobar                   | 0 | 0 | 0 | 0 | 6 | 66
            a-little-bit-long-string | 0 | 0 | 2 | 1 | 8 | 12
            abc                      | 0 | 1 | 0 | 4 | 3 | 7
            order-42                 | 0 | 0 | 0 | 1 | 0 | 24
            café                     | 0 | 0 | 0 | 6 | 6 | 74
            日本語                    | 0 | 0 | 1 | 6 | 10 | 70
            """)
    void computedPartitionsOfUtf8Keys(String key, int p1, int p2, int p3, int p7, int p12, int p100) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        assertEquals(p1, Murmur2.partitionFor(bytes, 1));
        assertEquals(p2, Murmur2.partitionFor(bytes, 2));
        assertEquals(p3, Murmur2.partitionFor(bytes, 3));
        assertEquals(p7, Murmur2.partitionFor(bytes, 7));
        assertEquals(p12, Murmur2.partitionFor(bytes, 12));
        assertEquals(p100, Murmur2.partitionFor(bytes, 100));
    }

    @Test
    void toPositiveClearsOnlyTheSignBit() {
        assertEquals(0, Murmur2.toPositive(Integer.MIN_VALUE));
        assertEquals(Integer.MAX_VALUE, Murmur2.toPositive(-1));
        assertEquals(5, Murmur2.toPositive(5));
        assertEquals(0, Murmur2.toPositive(0));
    }

    @Test
    void partitionerUsesMurmur2ForKeysAndLeavesUnkeyedRecordsToTheClient() {
        Partitioner partitioner = Murmur2Partitioner.INSTANCE;
        byte[] key = "foobar".getBytes(StandardCharsets.US_ASCII);
        assertEquals(66, partitioner.partition("orders", key, null, 100));
        assertEquals(Partitioner.UNASSIGNED, partitioner.partition("orders", null, new byte[] {1}, 100));
        assertThrows(IllegalArgumentException.class, () -> Murmur2.partitionFor(key, 0));
    }
}
