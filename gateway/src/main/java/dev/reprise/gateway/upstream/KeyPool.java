package dev.reprise.gateway.upstream;

import dev.reprise.models.catalogue.Deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The API keys of one deployment, used in turn. A key that got a 429 rests until its {@code Retry-After}
 * has passed while the others carry on. Time comes from the caller, so tests move it by hand.
 */
public final class KeyPool {

    /** What the admin API shows of a key: its position and rest, never the key. */
    public record KeyState(int index, boolean resting, Instant restingUntil) {
    }

    private final List<Deployment> keyed;
    private final AtomicReferenceArray<Instant> restUntil;
    private final AtomicInteger next = new AtomicInteger();

    public KeyPool(List<Deployment> keyed) {
        this.keyed = List.copyOf(keyed);
        this.restUntil = new AtomicReferenceArray<>(keyed.size());
    }

    public int size() {
        return keyed.size();
    }

    public Deployment deployment(int index) {
        return keyed.get(index);
    }

    /** The next key not resting at {@code now}, or -1 when all rest. */
    public int pick(Instant now) {
        int n = keyed.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            int k = (start + i) % n;
            if (!resting(k, now)) {
                return k;
            }
        }
        return -1;
    }

    public boolean anyAvailable(Instant now) {
        for (int k = 0; k < keyed.size(); k++) {
            if (!resting(k, now)) {
                return true;
            }
        }
        return false;
    }

    /** Rests key {@code index} until {@code until}; a longer rest already set is kept. */
    public void rest(int index, Instant until) {
        restUntil.accumulateAndGet(index, until, (old, neu) -> old == null || neu.isAfter(old) ? neu : old);
    }

    /** When the first resting key wakes up, if any key rests at {@code now}. */
    public Optional<Instant> earliestWake(Instant now) {
        Instant best = null;
        for (int k = 0; k < keyed.size(); k++) {
            Instant u = restUntil.get(k);
            if (u != null && u.isAfter(now) && (best == null || u.isBefore(best))) {
                best = u;
            }
        }
        return Optional.ofNullable(best);
    }

    public List<KeyState> snapshot(Instant now) {
        List<KeyState> out = new ArrayList<>();
        for (int k = 0; k < keyed.size(); k++) {
            boolean r = resting(k, now);
            out.add(new KeyState(k, r, r ? restUntil.get(k) : null));
        }
        return out;
    }

    private boolean resting(int k, Instant now) {
        Instant u = restUntil.get(k);
        return u != null && u.isAfter(now);
    }
}
