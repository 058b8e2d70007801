package dev.reprise.gateway.cluster;

/** Where this node's cache replication stands, as {@code /health} names it under {@code cache-replication}. */
public enum ReplicationState {
    /** Reading the stream up to its end: changes made elsewhere while this node was away are still arriving. */
    CATCHING_UP("catching-up"),
    /** At the stream's end, applying the other nodes' changes as they come. */
    LIVE("live"),
    /**
     * Following the stream, but this node missed more than the stream keeps, so it emptied its cache at start; stays
     * until Redis is next lost (the entries it missed are still missing from it until they expire elsewhere).
     */
    COLD("cold"),
    /** Redis is away: this node's cache is its own; its changes wait in the outbox. */
    LOCAL_ONLY("local-only");

    private final String label;

    ReplicationState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
