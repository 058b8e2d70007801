package dev.reprise.bench.load;

import dev.reprise.bench.jmh.RandomUnitVectors;
import dev.reprise.cache.CacheEntry;
import dev.reprise.cache.IndexOptions;
import dev.reprise.cache.LuceneVectorIndex;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Builds a cache index of N entries once, so a load run can measure memory with a full cache without paying N
 * embeddings: random 384-d unit vectors (the embedding model's size), answers shaped like the fake upstream's,
 * spread over {@link #NAMESPACES} namespaces that no scenario asks for. The gateway opens the copy as its own index.
 */
final class IndexFiller {

    static final int NAMESPACES = 100;
    private static final int DIMENSION = 384;
    private static final String MARKER = "filled";
    private static final String[] WORDS = ("account password invoice refund shipping order settings security login "
            + "export report billing plan upgrade cancel address email phone delivery return warranty discount")
            .split(" ");

    private IndexFiller() {
    }

    /**
     * The folder of a finished index of {@code entries} entries under {@code cacheDir}, built on the first call
     * (a few minutes per 100k entries on 2 shared cores, mostly Lucene's HNSW graph) and merged into one segment.
     */
    static Path prebuilt(Path cacheDir, int entries) {
        Path dir = cacheDir.resolve("fill-" + entries);
        Path index = dir.resolve("cache-index");
        if (Files.exists(dir.resolve(MARKER))) {
            return index;
        }
        deleteTree(dir);
        long start = System.nanoTime();
        System.out.printf("filling a cache index with %d entries in %s (once)...%n", entries, index);
        IndexOptions options = IndexOptions.builder().directory(index).maxEntries(Math.max(entries, 1))
                .commitInterval(Duration.ofMinutes(10)).build();
        RandomUnitVectors vectors = RandomUnitVectors.uniform(DIMENSION, 19);
        Instant now = Instant.now();
        try (LuceneVectorIndex target = LuceneVectorIndex.open(options)) {
            for (int i = 0; i < entries; i++) {
                target.put(entry(i, vectors.next(), now));
            }
            target.commit();
        }
        try {
            mergeToOneSegment(index);
            Files.writeString(dir.resolve(MARKER), entries + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("filled in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return index;
    }

    /**
     * Merges the filled index into one segment, so that every run starts from the same settled index instead of
     * paying (at an unpredictable moment) for merges the filling left pending.
     */
    private static void mergeToOneSegment(Path index) throws IOException {
        try (FSDirectory dir = FSDirectory.open(index); IndexWriter writer = new IndexWriter(dir,
                new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
            writer.forceMerge(1);
            writer.commit();
        }
    }

    /** Copies the index at {@code from} to {@code to}, which must not exist yet. */
    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    private static CacheEntry entry(int i, float[] vector, Instant now) {
        String namespace = sha256("fill-namespace-" + (i % NAMESPACES));
        String question = "question " + i + " about " + WORDS[i % WORDS.length] + " and "
                + WORDS[(i / WORDS.length) % WORDS.length] + " " + WORDS[(i * 7) % WORDS.length];
        String answer = "{\"id\":\"chatcmpl-fill-" + i + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Answer " + i + ": open Settings, choose " + WORDS[(i * 3) % WORDS.length]
                + ", then " + WORDS[(i * 5) % WORDS.length] + ", and follow the steps shown for your "
                + WORDS[(i * 11) % WORDS.length] + ".\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":14,\"total_tokens\":34}}";
        return CacheEntry.builder().namespace(namespace).tenant("default").modelAlias("openai")
                .matchedText(question).exactKey(sha256(namespace + "\n" + question)).vector(vector)
                .payload(answer.getBytes(StandardCharsets.UTF_8)).promptTokens(20).completionTokens(14)
                .costUsd(0.00001).createdAt(now).build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
