package dev.reprise.gateway.config;

import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.gateway.guardrails.GuardrailSettings.CacheMode;
import dev.reprise.gateway.guardrails.GuardrailSettings.InjectionAction;
import dev.reprise.gateway.guardrails.GuardrailSettings.PiiAction;
import dev.reprise.gateway.guardrails.PiiType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code guardrails:} and {@code models[].guardrails}: defaults, overrides on top of the top level, full-key errors. */
class GuardrailsConfigTest {

    private static GatewayConfig config(String yaml) {
        return new ConfigLoader(EnvSubstitution.of(Map.of())).loadYaml(yaml, "test.yaml");
    }

    private static GuardrailSettings load(String yaml) {
        return config(yaml).section(ConfigSections.GUARDRAILS);
    }

    private static String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    @Test
    void should_default_to_logging_pii_and_flagging_injection() {
        GuardrailSettings s = load("models:\n  - name: mock\n    provider: mock\n");
        assertEquals(PiiAction.LOG, s.policyFor("mock").pii().action());
        assertEquals(Set.of(PiiType.values()), s.policyFor("mock").pii().types());
        assertEquals(CacheMode.SKIP, s.policyFor("mock").pii().cache());
        assertFalse(s.policyFor("mock").pii().restore());
        assertFalse(s.policyFor("mock").pii().scanAnswers());
        assertEquals(InjectionAction.FLAG, s.policyFor("mock").injection().action());
        assertEquals(GuardrailSettings.InjectionPolicy.DEFAULT_THRESHOLD, s.policyFor("mock").injection().threshold());
    }

    @Test
    void should_let_an_alias_override_the_top_level_field_by_field() {
        GuardrailSettings s = load("""
                guardrails:
                  pii: { action: redact, types: [email, card], restore: true, cache: redacted }
                  injection: { action: block, threshold: 0.9 }
                models:
                  - name: mock
                    provider: mock
                  - name: strict
                    provider: mock
                    guardrails:
                      pii: { action: block }
                      injection: { action: off }
                """);
        var top = s.policyFor("mock");
        assertEquals(PiiAction.REDACT, top.pii().action());
        assertEquals(Set.of(PiiType.EMAIL, PiiType.CARD), top.pii().types());
        assertTrue(top.pii().restore());
        assertEquals(CacheMode.REDACTED, top.pii().cache());
        assertEquals(InjectionAction.BLOCK, top.injection().action());
        var strict = s.policyFor("strict");
        assertEquals(PiiAction.BLOCK, strict.pii().action());
        assertEquals(Set.of(PiiType.EMAIL, PiiType.CARD), strict.pii().types(), "unset fields come from the top level");
        assertEquals(InjectionAction.OFF, strict.injection().action());
        assertEquals(0.9, strict.injection().threshold());
    }

    @Test
    void should_accept_the_readme_guardrails_example() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Guardrails");
        int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(section > 0 && start > section && end > start, "README has a yaml block under ## Guardrails");
        GuardrailSettings s = load(readme.substring(start, end));
        assertEquals(PiiAction.REDACT, s.policyFor("support").pii().action());
        assertTrue(s.policyFor("support").pii().restore());
        assertEquals(PiiAction.BLOCK, s.policyFor("payments").pii().action());
        assertTrue(s.policyFor("payments").pii().restore(), "inherited from the top level");
        assertEquals(InjectionAction.FLAG, s.policyFor("payments").injection().action());
    }

    @Test
    void should_name_the_full_key_of_a_bad_value() {
        assertTrue(failure("models:\n  - name: mock\n    provider: mock\nguardrails:\n  pii: { action: hide }\n")
                .contains("guardrails.pii.action"));
        assertTrue(failure("models:\n  - name: mock\n    provider: mock\nguardrails:\n  pii: { types: [email, passport] }\n")
                .contains("guardrails.pii.types[1]"));
        assertTrue(failure("models:\n  - name: mock\n    provider: mock\nguardrails:\n  injection: { threshold: 1.5 }\n")
                .contains("guardrails.injection.threshold"));
        assertTrue(failure("models:\n  - name: mock\n    provider: mock\n    guardrails:\n      pii: { cache: always }\n")
                .contains("models[0].guardrails.pii.cache"));
        assertTrue(failure("models:\n  - name: mock\n    provider: mock\nguardrails:\n  pii: { colour: red }\n")
                .contains("guardrails.pii"));
    }
}
