package dev.reprise.gateway.routing;

import java.util.List;

/**
 * Assigns a caller to one of an alias's variants, by weight, the same way every time: the bucket is a
 * hash of the alias and the caller's A/B key, so a caller keeps its variant across requests and restarts,
 * and two aliases split the same callers independently.
 */
public final class VariantPicker {

    private VariantPicker() {
    }

    public static Variant pick(List<Variant> variants, String alias, String abKey) {
        int total = variants.stream().mapToInt(Variant::weight).sum();
        if (total <= 0) {
            return variants.getFirst();
        }
        long bucket = Math.floorMod(StableHash.of(alias + "\u0000" + abKey), (long) total);
        long seen = 0;
        for (Variant v : variants) {
            seen += v.weight();
            if (bucket < seen) {
                return v;
            }
        }
        return variants.getLast();
    }
}
