package dev.reprise.bench.compare;

import java.io.PrintStream;

/**
 * The progress line on stderr: redrawn in place on a terminal, else one line at each tenth of the work so a log
 * stays short. {@link #NONE} prints nothing.
 */
public final class RunProgress {

    public static final RunProgress NONE = new RunProgress(null, false, "");

    private final PrintStream out;
    private final boolean redraw;
    private final String label;
    private int total;
    private int done;
    private int errors;
    private int lastTenth = -1;

    public RunProgress(PrintStream out, boolean redraw, String label) {
        this.out = out;
        this.redraw = redraw;
        this.label = label;
    }

    public static RunProgress onStderr(String label) {
        return new RunProgress(System.err, System.console() != null, label);
    }

    public synchronized void start(int total, int skipped) {
        this.total = total;
        this.done = 0;
        this.errors = 0;
        this.lastTenth = -1;
        if (out != null) {
            out.println(label + ": " + total + " to run" + (skipped > 0 ? ", " + skipped + " done before (skipped)" : ""));
        }
    }

    public synchronized void advance(boolean ok) {
        done++;
        errors += ok ? 0 : 1;
        if (out == null) {
            return;
        }
        String line = label + ": " + done + "/" + total + " (" + (100 * done / Math.max(1, total)) + "%), "
                + errors + (errors == 1 ? " error" : " errors");
        if (redraw) {
            out.print("\r" + line);
            if (done == total) {
                out.println();
            }
        } else {
            int tenth = 10 * done / Math.max(1, total);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.println(line);
            }
        }
        out.flush();
    }
}
