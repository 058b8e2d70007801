package dev.reprise.gateway.guardrails.injection;

import dev.reprise.embeddings.Embedder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Short attack texts per category, embedded once at start, that a prompt is compared with. The shipped set is
 * {@value #SHIPPED}: one {@code category<TAB>text} per line, {@code #} comments; written for Reprise (see README).
 */
public final class AttackExemplars {

    /** The classpath resource of the shipped exemplars. */
    public static final String SHIPPED = "guardrails/injection-exemplars.tsv";

    /** One exemplar. */
    public record Exemplar(InjectionCategory category, String text) {
    }

    /** The nearest exemplar of one category and its cosine. */
    record Nearest(Exemplar exemplar, double cosine) {
    }

    private final List<Exemplar> exemplars;
    private final List<float[]> vectors;

    private AttackExemplars(List<Exemplar> exemplars, List<float[]> vectors) {
        this.exemplars = exemplars;
        this.vectors = vectors;
    }

    /** Reads the shipped file, without embedding it. */
    public static List<Exemplar> readShipped() {
        try (InputStream in = AttackExemplars.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SHIPPED);
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Exemplar> read(BufferedReader reader) throws IOException {
        List<Exemplar> out = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalStateException(SHIPPED + " line " + number + ": expected category<TAB>text");
            }
            out.add(new Exemplar(InjectionCategory.of(line.substring(0, tab)), line.substring(tab + 1).trim()));
        }
        return List.copyOf(out);
    }

    /** Embeds {@code exemplars} (in normalised form, as prompts are) with {@code embedder}. */
    public static AttackExemplars embed(List<Exemplar> exemplars, Embedder embedder) {
        List<float[]> vectors = embedder.embedAll(exemplars.stream().map(e -> PromptText.normalise(e.text())).toList());
        return new AttackExemplars(List.copyOf(exemplars), vectors);
    }

    /** How many exemplars there are. */
    public int size() {
        return exemplars.size();
    }

    /** The nearest exemplar per category to {@code vector} (unit length, same embedder). */
    Map<InjectionCategory, Nearest> nearest(float[] vector) {
        Map<InjectionCategory, Nearest> best = new EnumMap<>(InjectionCategory.class);
        for (int i = 0; i < exemplars.size(); i++) {
            double cosine = dot(vector, vectors.get(i));
            Exemplar e = exemplars.get(i);
            Nearest current = best.get(e.category());
            if (current == null || cosine > current.cosine()) {
                best.put(e.category(), new Nearest(e, cosine));
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
