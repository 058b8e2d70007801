package dev.reprise.models.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured model aliases, in config order. Immutable; a config reload builds a new one. */
public final class ModelCatalogue {

    private final Map<String, Deployment> byAlias;
    private final List<Deployment> ordered;

    public ModelCatalogue(List<Deployment> deployments) {
        Map<String, Deployment> map = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            if (map.putIfAbsent(d.alias(), d) != null) {
                throw new IllegalArgumentException("model alias '" + d.alias() + "' is defined twice");
            }
        }
        this.byAlias = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    public Optional<Deployment> find(String alias) {
        return alias == null ? Optional.empty() : Optional.ofNullable(byAlias.get(alias));
    }

    public List<Deployment> all() {
        return ordered;
    }
}
