package dev.reprise.bench.guardrails.pii;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Builds the evaluation set: every real question as it is, then {@code perFormat} texts per format, each a real
 * question of the same split with one value planted at the start, the end or the middle, after one of the format's
 * lead phrases and with varied punctuation around it. The split is fixed by a hash of the row's id (50/50); the
 * values come from one {@link Random} with a fixed seed, so the set is the same on every run.
 */
final class PiiSet {

    static final long SEED = 15;
    static final int PER_FORMAT = 200;

    private PiiSet() {
    }

    static List<PiiSample> build(List<SupportQuestion> questions, List<PiiFormat> formats, long seed, int perFormat) {
        List<PiiSample> rows = new ArrayList<>();
        List<String> tuneHosts = new ArrayList<>();
        List<String> heldOutHosts = new ArrayList<>();
        for (SupportQuestion q : questions) {
            String split = split(q.id());
            rows.add(PiiSample.real(q.id(), split, q.text()));
            (split.equals(PiiSample.TUNE) ? tuneHosts : heldOutHosts).add(q.text().strip());
        }
        Random random = new Random(seed);
        for (PiiFormat format : formats) {
            for (int i = 0; i < perFormat; i++) {
                String id = format.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + i;
                String split = split(id);
                List<String> hosts = split.equals(PiiSample.TUNE) ? tuneHosts : heldOutHosts;
                String host = hosts.isEmpty() ? "" : Draw.pick(random, hosts);
                rows.add(plant(random, id, split, format, host));
            }
        }
        return rows;
    }

    /** TUNE or HELD-OUT by the CRC-32 of the id: stable across runs, JDKs and machines. */
    static String split(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 2 == 0 ? PiiSample.TUNE : PiiSample.HELD_OUT;
    }

    private static PiiSample plant(Random r, String id, String split, PiiFormat format, String host) {
        String written = format.make().apply(r);
        int open = written.indexOf(PiiFormat.OPEN);
        String before = open < 0 ? "" : written.substring(0, open);
        String value = open < 0 ? written : written.substring(open + 1, written.indexOf(PiiFormat.CLOSE));
        String after = open < 0 ? "" : written.substring(written.indexOf(PiiFormat.CLOSE) + 1);
        String lead = Draw.pick(r, format.leads());
        String[] wrap = Draw.pick(r, new String[] {"", ""}, new String[] {"", ""}, new String[] {"", ""},
                new String[] {"(", ")"}, new String[] {"\"", "\""}, new String[] {"'", "'"});
        String head = (lead.isEmpty() ? "" : lead + (lead.endsWith(":") ? " " : Draw.pick(r, " ", " ", ": "))) + wrap[0]
                + before;
        String piece = head + value + after + wrap[1];
        String text;
        int at;
        int space = host.indexOf(' ', host.length() / 3);
        int where = host.isEmpty() ? 0 : r.nextInt(space < 0 ? 2 : 3);
        if (where == 0) {
            text = piece + Draw.pick(r, ". ", ", ", " - ", " ", "! ") + host;
            at = head.length();
        } else if (where == 1) {
            String sep = Draw.pick(r, " ", ". ", ", ", " - ");
            text = host + sep + piece + Draw.pick(r, "", ".", "?", "!", " thanks", " please.");
            at = host.length() + sep.length() + head.length();
        } else {
            String[] around = Draw.pick(r, new String[] {" ", " "}, new String[] {", ", ","}, new String[] {" (", ")"},
                    new String[] {" - ", " -"});
            text = host.substring(0, space) + around[0] + piece + around[1] + host.substring(space);
            at = space + around[0].length() + head.length();
        }
        PiiSample.Source source = format.lookAlike() ? PiiSample.Source.LOOK_ALIKE : PiiSample.Source.PLANTED;
        return new PiiSample(id, split, source, format.name(), format.type(), format.listed(), text, at,
                at + value.length());
    }
}
