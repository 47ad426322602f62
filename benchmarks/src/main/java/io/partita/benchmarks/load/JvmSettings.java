package io.partita.benchmarks.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How every broker JVM is started: the same {@code -Xms}/{@code -Xmx} for all, the {@code java}
 * of the running JDK, and where each system's classes are.
 *
 * @param heap             the value of both {@code -Xms} and {@code -Xmx}, such as {@code 1g}
 * @param partitaClasspath the shaded {@code partita.jar} or any classpath holding the broker
 * @param kafkaLib         the directory of Kafka's jars ({@code benchmarks/target/kafka-lib})
 * @param artemisLib       the directory of Artemis' jars ({@code benchmarks/target/artemis-lib})
 * @param startTimeout     how long a broker may take to start listening
 */
record JvmSettings(String heap, String partitaClasspath, Path kafkaLib, Path artemisLib, Duration startTimeout) {

    /** {@code java -Xms.. -Xmx.. -cp classpath}, to which the caller adds the main class and arguments. */
    List<String> javaCommand(String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(classpath);
        return cmd;
    }

    /** A classpath entry matching every jar of {@code dir} (Java's {@code dir/*} form). */
    static String allJars(Path dir) {
        return dir.toAbsolutePath() + "/*";
    }
}
