package dev.reprise.gateway.overload;

import java.util.concurrent.Semaphore;

/**
 * The bound on requests in the gateway's CPU-heavy cache work (embedding a prompt, searching the vectors), counting
 * those waiting for the embedder: a request that finds no free slot skips that work instead of queueing behind it.
 */
public final class CpuSlots {

    private final int capacity;
    private final Semaphore free;

    public CpuSlots(int capacity) {
        this.capacity = capacity;
        this.free = new Semaphore(capacity);
    }

    /** Takes a slot if one is free at once; the caller must {@link #leave()} after its work, and only then. */
    public boolean tryEnter() {
        return free.tryAcquire();
    }

    public void leave() {
        free.release();
    }

    /** Slots taken now. */
    public int inUse() {
        return capacity - free.availablePermits();
    }

    public int capacity() {
        return capacity;
    }
}
