package dev.reprise.bench.compare;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.gateway.routing.Variant;
import dev.reprise.gateway.routing.VariantPicker;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a comparison: each alias of {@code --models}, or with {@code --variants} each A/B variant of the
 * aliases that have some. A variant is reached through an A/B key that the gateway's own assignment
 * ({@link VariantPicker}) gives that variant, so the request goes exactly the way a caller of that variant's does.
 */
public final class Arms {

    /** How many candidate keys to try per variant; a variant with a tiny share needs more tries. */
    static final int KEY_SEARCH_LIMIT = 1_000_000;

    private Arms() {
    }

    /** The arms; with a routing table every alias must be in it. */
    public static List<Arm> of(List<String> aliases, boolean variants, RoutingTable routing) {
        List<Arm> arms = new ArrayList<>();
        for (String alias : aliases) {
            checkKnown(alias, routing, "--models");
            List<Variant> split = routing == null ? List.of()
                    : routing.alias(alias).map(AliasRoute::variants).orElse(List.of());
            if (!variants || split.isEmpty()) {
                arms.add(Arm.alias(alias));
                continue;
            }
            for (Variant v : split) {
                arms.add(new Arm(alias + "/" + v.name(), alias, keyFor(split, alias, v), v.name()));
            }
        }
        return arms;
    }

    /** The first arm of the reference alias (its first variant when variants are split). */
    public static Arm reference(List<Arm> arms, String alias) {
        return arms.stream().filter(a -> a.alias().equals(alias)).findFirst().orElseThrow();
    }

    static void checkKnown(String alias, RoutingTable routing, String option) {
        if (routing != null && routing.alias(alias).isEmpty()) {
            throw new CompareException(option + " names " + alias + ", which the config does not have (its aliases: "
                    + String.join(", ", routing.aliases().keySet()) + "; an alias whose api-key is unset is left out)");
        }
    }

    static String keyFor(List<Variant> split, String alias, Variant wanted) {
        if (wanted.weight() <= 0) {
            throw new CompareException("variant " + wanted.name() + " of " + alias + " has weight 0: the gateway sends "
                    + "it no traffic, so it cannot be compared");
        }
        for (int i = 0; i < KEY_SEARCH_LIMIT; i++) {
            String key = "reprise-compare-" + i;
            if (VariantPicker.pick(split, alias, key).name().equals(wanted.name())) {
                return key;
            }
        }
        throw new CompareException("found no A/B key for variant " + wanted.name() + " of " + alias);
    }
}
