package dev.reprise.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of a process read from Linux's {@code /proc}: utime+stime from {@code /proc/PID/stat} (in clock
 * ticks, 100 per second on every Linux we run on), VmRSS and VmHWM from {@code /proc/PID/status}.
 */
public final class ProcStats {

    /** USER_HZ; Linux has exposed 100 to user space on x86 and arm for decades. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** User plus system CPU seconds the process has used, or NaN when it is gone. */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? Double.NaN : cpuSecondsOf(stat, false);
    }

    /**
     * CPU seconds from one {@code /proc/PID/stat} line: the process's own utime+stime, or with {@code children} the
     * cutime+cstime of the children it has waited for (how a shell reports what a finished command used).
     */
    static double cpuSecondsOf(String statLine, boolean children) {
        // The command name (field 2) may hold spaces and parentheses, so count fields after its closing one.
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime=14, stime=15, cutime=16, cstime=17.
        int first = children ? 16 - 3 : 14 - 3;
        return (Long.parseLong(f[first]) + Long.parseLong(f[first + 1])) / TICKS_PER_SECOND;
    }

    /** Resident set size in MiB, or NaN when the process is gone. */
    public static double rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:") / 1024.0;
    }

    /** Peak resident set size ("high water mark") in MiB, or NaN when the process is gone. */
    public static double peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:") / 1024.0;
    }

    /** RSS split into anonymous memory (heap, native) and file-backed pages (the mmapped index, jars), or "gone". */
    public static String rssBreakdown(long pid) {
        double anon = statusKiB(pid, "RssAnon:") / 1024.0;
        double file = statusKiB(pid, "RssFile:") / 1024.0;
        return Double.isNaN(anon) ? "gone" : String.format("%.1f MiB anonymous + %.1f MiB file-backed", anon, file);
    }

    private static double statusKiB(long pid, String key) {
        String status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status == null) {
            return Double.NaN;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
            }
        }
        return Double.NaN;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
