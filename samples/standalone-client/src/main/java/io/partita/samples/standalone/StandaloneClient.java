package io.partita.samples.standalone;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The standalone sample's program: looks up a connection factory and destinations through JNDI
 * and runs the {@link #STEPS} in order, printing what each sent and received. Exit status 0 when
 * every step received what it expected, 1 otherwise, 2 for a bad command line.
 *
 * <pre>
 * java -jar samples/standalone-client/target/partita-sample-standalone.jar                      # vm://
 * java -jar samples/standalone-client/target/partita-sample-standalone.jar -b partita://127.0.0.1:9700
 * </pre>
 *
 * Not thread-safe: one instance per run.
 */
@Command(name = "partita-sample-standalone", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the Partita standalone JMS sample: JNDI look-up, send and receive, a selector,",
                "request/reply over a temporary queue, and a durable subscription across a disconnect."})
public final class StandaloneClient implements Callable<Integer> {
    /** Every step, in the order they run. */
    public static final List<Step> STEPS = List.of(new SendAndReceive(), new ReceiveWithSelector(),
            new RequestReply(), new DurableSubscription());

    @Spec
    private CommandSpec spec;

    @Option(names = {"-b", "--broker-url"}, paramLabel = "URL",
            description = {"The broker, e.g. partita://127.0.0.1:9700 (options as in jms-provider/README.md).",
                    "Default: connectionFactory.ConnectionFactory of jndi.properties, vm://partita-sample."})
    private String brokerUrl;

    @Option(names = "--step", paramLabel = "NAME", split = ",",
            description = "Run only these steps (send, selector, request-reply, durable). Default: all.")
    private List<String> stepNames;

    @Option(names = "--receive-timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "How long a step waits for each message it expects. Default: ${DEFAULT-VALUE}.")
    private long receiveTimeoutMs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StandaloneClient()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (receiveTimeoutMs <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--receive-timeout-ms must be positive, was " + receiveTimeoutMs);
        }
        List<Step> steps = selectedSteps();
        SampleEnvironment env = SampleEnvironment.lookUp(brokerUrl, Duration.ofMillis(receiveTimeoutMs));
        PrintWriter out = spec.commandLine().getOut();
        out.println("Partita standalone sample");
        out.println("  connection factory  " + SampleEnvironment.CONNECTION_FACTORY + " = " + env.factory());
        out.println("  destinations        " + SampleEnvironment.ORDERS + " = " + env.orders() + ", "
                + SampleEnvironment.REQUESTS + " = " + env.requests() + ", " + SampleEnvironment.PRICES + " = "
                + env.prices());
        out.println("  run id              " + env.runId() + " (every message carries it as property '"
                + SampleEnvironment.RUN_PROPERTY + "'; every consumer selects on it)");
        List<StepResult> results = runSteps(steps, env, out);
        long failed = results.stream().filter(r -> !r.ok()).count();
        out.println();
        out.println(failed == 0 ? "All " + results.size() + " steps received what they expected."
                : failed + " of " + results.size() + " steps did not receive what they expected.");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Runs {@code steps} in order against {@code env}, printing each result to {@code out}. */
    public static List<StepResult> runSteps(List<Step> steps, SampleEnvironment env, PrintWriter out)
            throws Exception {
        List<StepResult> results = new ArrayList<>();
        int n = 0;
        for (Step step : steps) {
            out.println();
            out.println(++n + ". " + step.title());
            out.flush();
            StepResult result = step.run(env);
            out.println("   sent      " + String.join(", ", result.sent()));
            out.println("   received  " + (result.received().isEmpty() ? "nothing" : String.join(", ", result.received())));
            out.println(result.ok() ? "   OK" : "   FAILED: expected " + String.join(", ", result.expected()));
            out.flush();
            results.add(result);
        }
        return results;
    }

    private List<Step> selectedSteps() {
        if (stepNames == null || stepNames.isEmpty()) {
            return STEPS;
        }
        Set<String> wanted = new LinkedHashSet<>(stepNames);
        Set<String> known = STEPS.stream().map(Step::name).collect(Collectors.toCollection(LinkedHashSet::new));
        wanted.stream().filter(w -> !known.contains(w)).findFirst().ifPresent(unknown -> {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown step '" + unknown + "'; the steps are " + String.join(", ", known));
        });
        return STEPS.stream().filter(s -> wanted.contains(s.name())).toList();
    }
}
