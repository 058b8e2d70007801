package dev.reprise.testing.hostile;

import java.util.Random;

/**
 * A deterministic sequence of hostile requests: the same seed, target and count give the same bytes, so a figure can
 * be rerun and a CI failure replayed. Families take turns, so any prefix covers each of them. Requests are made as
 * they are taken (some are megabytes), and {@link #next()} may be called from several threads.
 */
public final class HostileCorpus {

    private final Random random;
    private final HostileTarget target;
    private final ChatBodies chat;
    private final int count;
    private int made;

    public HostileCorpus(HostileTarget target, long seed, int count) {
        this.random = new Random(seed);
        this.target = target;
        this.chat = new ChatBodies(target.model(), target.maxBodyBytes());
        this.count = count;
    }

    public int size() {
        return count;
    }

    /** The next request, or null when all {@link #size()} have been taken. */
    public synchronized HostileRequest next() {
        if (made >= count) {
            return null;
        }
        HostileFamily[] families = HostileFamily.values();
        return families[made++ % families.length].make(random, target, chat);
    }
}
