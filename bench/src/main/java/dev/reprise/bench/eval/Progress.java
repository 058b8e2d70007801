package dev.reprise.bench.eval;

import java.io.PrintStream;

/**
 * A progress bar on stderr for long runs. On a terminal it redraws one line with {@code \r}; elsewhere (CI logs) it
 * prints one line per finished step with its duration, so logs stay readable. {@link #NONE} prints nothing.
 */
public final class Progress {

    public static final Progress NONE = new Progress(null, false);

    private final PrintStream out;
    private final boolean redraw;
    private String label = "";
    private long total;
    private long done;
    private int lastShown = -1;
    private long startedNanos;

    public Progress(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    /** A bar on stderr that redraws when a console is attached. */
    public static Progress onStderr() {
        return new Progress(System.err, System.console() != null);
    }

    public synchronized void start(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        this.done = 0;
        this.lastShown = -1;
        this.startedNanos = System.nanoTime();
        show();
    }

    public synchronized void advance(long steps) {
        done = Math.min(total, done + steps);
        show();
    }

    public synchronized void finish() {
        done = total;
        show();
        if (out != null) {
            String took = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
            out.println(redraw ? took : label + ": done in " + took);
        }
    }

    private void show() {
        if (out == null) {
            return;
        }
        int percent = (int) (100 * done / total);
        if (redraw) {
            if (percent != lastShown) {
                int width = 30;
                int filled = width * percent / 100;
                out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + "% ");
                out.flush();
            }
        }
        lastShown = percent;
    }
}
