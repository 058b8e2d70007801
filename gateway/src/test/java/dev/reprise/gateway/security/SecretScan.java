package dev.reprise.gateway.security;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

/**
 * Known secrets and the forms they could leak in (as written, URL-encoded, base64, base64url, JSON-escaped, and any
 * {@value #WINDOW} characters of one in a row, which is what a message cut short would keep), looked for in texts,
 * files and a Lucene index's stored fields. Each find names the secret, the form and the place.
 */
final class SecretScan {

    /** A piece this long of a secret is as good as the secret to anyone who can guess or see the rest. */
    static final int WINDOW = 12;

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<String> finds = new ArrayList<>();

    /** Adds a secret under a name the finds will use. */
    void add(String name, String secret) {
        if (secret.length() < WINDOW) {
            throw new IllegalArgumentException(name + " is too short to look for: " + secret);
        }
        secrets.put(name, secret);
    }

    Map<String, String> secrets() {
        return Map.copyOf(secrets);
    }

    /** Every form of every secret found in {@code text}, each named with {@code where}. */
    void text(String where, String text) {
        text(where, text, List.of());
    }

    /** Like {@link #text(String, String)}, leaving out the named secrets (the answer that shows a key once). */
    void text(String where, String text, List<String> allowed) {
        for (Map.Entry<String, String> s : secrets.entrySet()) {
            if (allowed.contains(s.getKey())) {
                continue;
            }
            // The first form that matches is enough: a secret's pieces are in every text that holds the secret.
            forms(s.getValue(), s.getKey()).entrySet().stream().filter(f -> text.contains(f.getValue())).findFirst()
                    .ifPresent(f -> finds.add(s.getKey() + " (" + f.getKey() + ") in " + where + ": "
                            + around(text, f.getValue())));
        }
    }

    /** Every record's message, parameters and exceptions, named with its logger. */
    void log(List<LogRecord> records) {
        // One pass over all of it first: naming each record's logger costs a pass per record, only worth it on a find.
        SecretScan whole = new SecretScan();
        secrets.forEach(whole::add);
        whole.text("the log", String.join("\n", records.stream().map(SecretScan::logText).toList()));
        if (whole.finds().isEmpty()) {
            return;
        }
        for (LogRecord r : records) {
            text("the log (" + r.getLevel() + " " + r.getLoggerName() + ")", logText(r));
        }
    }

    private static String logText(LogRecord r) {
        StringBuilder all = new StringBuilder(String.valueOf(r.getMessage())).append('\n');
        if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
                all.append(p).append('\n');
            }
        }
        for (Throwable t = r.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /** Every regular file under {@code root}, as bytes (read as Latin-1, so every byte is one character). */
    void files(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                text(root.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** The stored fields of every document of the Lucene index in {@code folder}, which the files hold compressed. */
    void luceneIndex(Path folder) throws IOException {
        try (FSDirectory dir = FSDirectory.open(folder); DirectoryReader reader = DirectoryReader.open(dir)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                StoredFields stored = r.storedFields();
                Bits live = r.getLiveDocs();
                for (int doc = 0; doc < r.maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    Document d = stored.document(doc);
                    for (IndexableField field : d.getFields()) {
                        String value = field.stringValue() != null ? field.stringValue()
                                : field.binaryValue() != null ? field.binaryValue().utf8ToString() : null;
                        if (value != null) {
                            text("cache index, stored field " + field.name(), value);
                        }
                    }
                }
            }
        }
    }

    /** What was found so far, one line each. */
    List<String> finds() {
        return List.copyOf(finds);
    }

    /** The forms of {@code secret}; its pieces only where no other secret has the same piece (a shared prefix). */
    private Map<String, String> forms(String secret, String name) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as written", secret);
        forms.put("URL-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.put("JSON-escaped", secret.replace("/", "\\/"));
        for (int i = 0; i + WINDOW <= secret.length(); i++) {
            String piece = secret.substring(i, i + WINDOW);
            boolean shared = secrets.entrySet().stream()
                    .anyMatch(other -> !other.getKey().equals(name) && other.getValue().contains(piece));
            if (!shared) {
                forms.putIfAbsent("its characters " + i + ".." + (i + WINDOW), piece);
            }
        }
        return forms;
    }

    private static String around(String text, String value) {
        int at = text.indexOf(value);
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + value.length() + 40);
        return "..." + text.substring(from, to).replaceAll("[^\\x20-\\x7e]", "?") + "...";
    }
}
