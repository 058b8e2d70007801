package dev.reprise.bench.crash;

import java.util.List;

/**
 * What the crash cycles measured.
 *
 * @param cycles          rounds run
 * @param answered        misses the gateway answered under load, over all cycles
 * @param committed       of those, the questions the index's last commit held when {@code kill -9} came
 * @param uncommitted     answered but not yet in a commit at the kill: what a crash may lose by design (one
 *                        commit interval's answers)
 * @param checked         committed questions asked again after a restart (each cycle's, plus a sample of older ones)
 * @param lost            of those, the ones not served from the cache: a committed entry the crash lost
 * @param failedRestarts  starts that did not listen within the deadline
 * @param indexErrors     unclean {@code CheckIndex} reports after a kill, plus cache or index errors in the log
 * @param problems        what the failures said, one line each
 */
record CrashFigures(int cycles, long answered, long committed, long uncommitted, long checked, long lost,
                    int failedRestarts, int indexErrors, List<String> problems) {

    boolean clean() {
        return lost == 0 && failedRestarts == 0 && indexErrors == 0;
    }

    String table() {
        return """
                | cycles | answered under load | committed at the kill | answered, not yet committed | committed re-asked | committed lost | failed restarts | index errors |
                |---:|---:|---:|---:|---:|---:|---:|---:|
                | %d | %d | %d | %d | %d | %d | %d | %d |
                """.formatted(cycles, answered, committed, uncommitted, checked, lost, failedRestarts, indexErrors);
    }
}
