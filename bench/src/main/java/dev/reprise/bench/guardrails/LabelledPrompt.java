package dev.reprise.bench.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One prompt with its label ({@code benign} or an injection category) and its split. Readers for the in-repo set
 * and for two public sets, read from wherever the user keeps them (never copied into the repository).
 */
record LabelledPrompt(String id, String split, String label, String text) {

    static final String IN_REPO = "guardrails/injection-set.tsv";
    static final String BENIGN = "benign";

    // CyberSecEval's injection_variant mapped onto our categories; unmapped variants count as "other".
    private static final Map<String, String> CYBERSECEVAL = Map.ofEntries(
            Map.entry("ignore_previous_instructions", "override"), Map.entry("system_mode", "override"),
            Map.entry("indirect_reference", "override"), Map.entry("overload_with_information", "override"),
            Map.entry("few_shot_attack", "override"), Map.entry("many_shot_attack", "override"),
            Map.entry("payload_splitting", "override"), Map.entry("output_formatting_manipulation", "override"),
            Map.entry("repeated_token_attack", "override"), Map.entry("different_user_input_language", "override"),
            Map.entry("virtualization", "roleplay"), Map.entry("hypothetical_scenario", "roleplay"),
            Map.entry("persuasion", "roleplay"), Map.entry("token_smuggling", "encoded"));

    boolean attack() {
        return !label.equals(BENIGN);
    }

    /** The in-repo hand-built set ({@code id, split, label, text} TSV with a header). */
    static List<LabelledPrompt> inRepo() throws IOException {
        try (InputStream in = LabelledPrompt.class.getClassLoader().getResourceAsStream(IN_REPO)) {
            if (in == null) {
                throw new IOException("missing resource " + IN_REPO);
            }
            return tsv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<LabelledPrompt> tsv(String content) {
        List<LabelledPrompt> rows = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split("\t", 4);
            if (f.length != 4) {
                throw new IllegalArgumentException(IN_REPO + " line " + (i + 1) + ": expected id, split, label, text");
            }
            rows.add(new LabelledPrompt(f[0], f[1], f[2], f[3]));
        }
        return rows;
    }

    /** CyberSecEval's {@code prompt_injection.json}: attacks only, the text is {@code user_input}. */
    static List<LabelledPrompt> cyberSecEval(Path file) throws IOException {
        List<LabelledPrompt> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode row : new ObjectMapper().readTree(Files.readString(file))) {
            String variant = row.path("injection_variant").asText();
            rows.add(new LabelledPrompt("cse-" + n++, "public", CYBERSECEVAL.getOrDefault(variant, "other"),
                    row.path("user_input").asText()));
        }
        return rows;
    }

    /** NotInject's {@code NotInject_*.json}: benign prompts with trigger words, the text is {@code prompt}. */
    static List<LabelledPrompt> notInject(Path file) throws IOException {
        List<LabelledPrompt> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode row : new ObjectMapper().readTree(Files.readString(file))) {
            rows.add(new LabelledPrompt(file.getFileName() + "-" + n++, "public", BENIGN, row.path("prompt").asText()));
        }
        return rows;
    }
}
