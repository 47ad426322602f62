package io.partita.client;

/**
 * A broker address: {@code host:port} over TCP, or a broker in this JVM, {@code vm://name}, which
 * is held as host {@code vm://name} and port 0 (the form brokers also give in Metadata answers).
 */
public record HostPort(String host, int port) {
    /** The prefix of in-VM addresses. */
    public static final String VM_PREFIX = "vm://";

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    /** The in-VM address {@code vm://name}. */
    public static HostPort vm(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty in-VM name");
        }
        return new HostPort(VM_PREFIX + name, 0);
    }

    /** Whether this is an in-VM address. */
    public boolean inVm() {
        return isInVm(host);
    }

    /** Whether {@code host} is an in-VM address ({@code vm://name}). */
    public static boolean isInVm(String host) {
        return host.regionMatches(true, 0, VM_PREFIX, 0, VM_PREFIX.length());
    }

    /**
     * Parses {@code host:port} (IPv6 in brackets) or {@code vm://name}; {@code what} names the
     * setting in errors.
     */
    public static HostPort parse(String text, String what) {
        if (isInVm(text)) {
            String name = text.substring(VM_PREFIX.length());
            if (name.isEmpty() || name.contains("?") || name.contains("/")) {
                throw new IllegalArgumentException("'" + text + "' in " + what + " is not vm://name");
            }
            return vm(name);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' in " + what + " is not host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' in " + what + " is not host:port: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        if (inVm()) {
            return host;
        }
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
