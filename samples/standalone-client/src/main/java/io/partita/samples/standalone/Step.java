package io.partita.samples.standalone;

import jakarta.jms.JMSException;

/**
 * One idea of the sample, run against the broker of a {@link SampleEnvironment}. A step opens
 * what it needs and closes it before returning, and leaves nothing of its own on the broker
 * (it consumes what it sends, and removes what it subscribes).
 */
public interface Step {
    /** A short name for the command line ({@code --step}). */
    String name();

    /** One line saying what the step shows. */
    String title();

    /** Runs the step and says what it sent and received. */
    StepResult run(SampleEnvironment env) throws JMSException;
}
