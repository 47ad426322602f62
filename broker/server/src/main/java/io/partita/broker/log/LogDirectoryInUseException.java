package io.partita.broker.log;

import java.io.IOException;

/** Another process (or another log manager) holds the lock of a log directory. */
public class LogDirectoryInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public LogDirectoryInUseException(String message) {
        super(message);
    }
}
