package dev.reprise.gateway.config;

import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.shadow.ShadowSettings;
import dev.reprise.gateway.shadow.ShadowTarget;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code models[].shadow}: the candidates of each alias, checked once every alias is known. A candidate must be another
 * configured alias, named once, with a share in (0, 1]; one skipped for a missing key is dropped with an INFO line, as
 * other references to it are.
 */
final class ShadowYaml {

    private static final Logger LOG = Logger.getLogger(ShadowYaml.class.getName());

    private ShadowYaml() {
    }

    /** {@code models[].shadow[]}: {@code {alias: candidate, share: 0.1}}. */
    record TargetYaml(String alias, Double share) {
    }

    /** {@code shadow} with the candidates of every usable alias merged in. */
    static ShadowSettings targets(List<ModelYaml> models, List<AliasRoute> usable, List<String> skipped,
                                  ShadowSettings bounds) {
        Set<String> callable = new HashSet<>();
        usable.forEach(r -> callable.add(r.alias()));
        Map<String, List<ShadowTarget>> byAlias = new LinkedHashMap<>();
        if (models == null) {
            return bounds.withTargets(byAlias);
        }
        for (int i = 0; i < models.size(); i++) {
            ModelYaml m = models.get(i);
            if (m.shadow() == null) {
                continue;
            }
            String path = "models[" + i + "].shadow";
            String primary = m.name().strip();
            List<ShadowTarget> targets = new ArrayList<>();
            Set<String> named = new HashSet<>();
            for (int t = 0; t < m.shadow().size(); t++) {
                String at = path + "[" + t + "]";
                TargetYaml y = m.shadow().get(t);
                if (y == null || y.alias() == null || y.alias().isBlank()) {
                    throw ConfigException.at(at + ".alias", "is required (the candidate alias that gets a copy of "
                            + "the requests)");
                }
                String alias = y.alias().strip();
                if (alias.equals(primary)) {
                    throw ConfigException.at(at + ".alias", "'" + alias + "' is the alias itself");
                }
                if (!named.add(alias)) {
                    throw ConfigException.at(at + ".alias", "'" + alias + "' is named twice");
                }
                if (y.share() == null) {
                    throw ConfigException.at(at + ".share", "is required (the share of requests copied, in (0, 1])");
                }
                if (!(y.share() > 0 && y.share() <= 1)) {
                    throw ConfigException.at(at + ".share", "must be in (0, 1], got " + y.share());
                }
                if (callable.contains(alias)) {
                    targets.add(new ShadowTarget(alias, y.share()));
                } else if (skipped.contains(alias)) {
                    LOG.info(() -> at + ".alias: '" + alias + "' is skipped (its api-key is not set), so it shadows "
                            + "nothing");
                } else {
                    throw ConfigException.at(at + ".alias", "'" + alias + "' is not a model alias");
                }
            }
            if (callable.contains(primary) && !targets.isEmpty()) {
                byAlias.put(primary, targets);
            }
        }
        return bounds.withTargets(byAlias);
    }
}
