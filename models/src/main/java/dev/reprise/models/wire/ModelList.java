package dev.reprise.models.wire;

import java.util.List;

/** The body of {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> models) {
        return new ModelList("list", List.copyOf(models));
    }

    /** One model alias as clients see it. */
    public record Model(String id, String object, long created, String ownedBy) {

        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy);
        }
    }
}
