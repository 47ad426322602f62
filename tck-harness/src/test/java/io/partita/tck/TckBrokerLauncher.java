package io.partita.tck;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * For runs of the official TCK ({@code -Ptck}): when the system property
 * {@code partita.tck.broker.port} is set, starts a broker in its own JVM on that port before any
 * test and stops it (by PID) after the last. Does nothing otherwise.
 */
public final class TckBrokerLauncher implements LauncherSessionListener {
    private ChildBrokerTarget broker;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("partita.tck.broker.port");
        if (port != null && !port.isBlank()) {
            broker = new ChildBrokerTarget(Integer.parseInt(port.trim()));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (broker != null) {
            broker.close();
        }
    }
}
