package dev.reprise.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a logger and those below it log while the capture is open; close to stop. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Level previousLevel;
    private final boolean everyLevel;

    private LogCapture(Logger logger, Level level, boolean everyLevel) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        this.everyLevel = everyLevel;
        setLevel(level);
        if (everyLevel) {
            logger.setLevel(Level.ALL);
        }
        logger.addHandler(this);
    }

    /** What every logger (Reprise's and Helidon's) logs at WARNING or above. */
    public static LogCapture warningsAndAbove() {
        return new LogCapture(Logger.getLogger(""), Level.WARNING, false);
    }

    /** Everything {@code name} and the loggers below it log, at every level. */
    public static LogCapture of(String name) {
        return new LogCapture(Logger.getLogger(name), Level.ALL, true);
    }

    /** The captured records as one line each, for assertion messages. */
    public List<String> lines() {
        return records.stream()
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
                .toList();
    }

    /** The captured records, in order. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages at {@code level} that mention {@code text}, in order. */
    public List<String> at(Level level, String text) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage)
                .filter(m -> m.contains(text)).toList();
    }

    /** Everything captured, messages, parameters and thrown exceptions included, as one text. */
    public String everything() {
        StringBuilder all = new StringBuilder();
        for (LogRecord r : records) {
            all.append(r.getMessage()).append('\n');
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    all.append(p).append('\n');
                }
            }
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
                all.append(t).append('\n');
            }
        }
        return all.toString();
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        if (everyLevel) {
            logger.setLevel(previousLevel);
        }
    }
}
