package dev.reprise.gateway.guardrails.injection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped exemplar file loads and covers every category. */
class AttackExemplarsTest {

    @Test
    void should_load_the_shipped_exemplars_with_every_category() {
        List<AttackExemplars.Exemplar> exemplars = AttackExemplars.readShipped();

        Map<InjectionCategory, Long> counts = exemplars.stream()
                .collect(Collectors.groupingBy(AttackExemplars.Exemplar::category, Collectors.counting()));
        for (InjectionCategory category : InjectionCategory.values()) {
            assertTrue(counts.getOrDefault(category, 0L) >= 20, category + ": " + counts);
        }
        assertTrue(exemplars.stream().allMatch(e -> !e.text().isBlank() && e.text().length() < 300));
    }
}
