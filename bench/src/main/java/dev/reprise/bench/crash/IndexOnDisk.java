package dev.reprise.bench.crash;

import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The cache index as a restart will find it, read from outside the gateway: the questions its last commit holds,
 * and whether Lucene's own checker finds it sound.
 */
final class IndexOnDisk {

    /** The stored field with an entry's normalised question (EntryDocument's {@code matchedText}). */
    private static final String MATCHED_TEXT = "matchedText";
    private static final int OPEN_ATTEMPTS = 5;

    private final Path folder;

    IndexOnDisk(Path folder) {
        this.folder = folder;
    }

    /**
     * The normalised questions of the index's last commit. The gateway may commit while this reads; Lucene then
     * reads the newer commit or retries, and a commit that vanishes under it is read again.
     */
    Set<String> committedQuestions() throws IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        IOException last = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            try (FSDirectory dir = FSDirectory.open(folder)) {
                if (!DirectoryReader.indexExists(dir)) {
                    return Set.of();
                }
                try (DirectoryReader reader = DirectoryReader.open(dir)) {
                    return questions(reader);
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Set<String> questions(DirectoryReader reader) throws IOException {
        Set<String> out = new HashSet<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            StoredFields stored = leaf.reader().storedFields();
            Bits live = leaf.reader().getLiveDocs();
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                if (live == null || live.get(doc)) {
                    IndexableField text = stored.document(doc).getField(MATCHED_TEXT);
                    if (text != null) {
                        out.add(text.stringValue());
                    }
                }
            }
        }
        return out;
    }

    /** How many live entries the index's last commit holds (0 before the first). */
    int committedCount() throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        IOException last = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            try (FSDirectory dir = FSDirectory.open(folder)) {
                if (!DirectoryReader.indexExists(dir)) {
                    return 0;
                }
                try (DirectoryReader reader = DirectoryReader.open(dir)) {
                    return reader.numDocs();
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * What Lucene's {@link CheckIndex} says of the index while no gateway holds it: null when it is clean (or there
     * is none yet), else the checker's report.
     */
    String problems() throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (FSDirectory dir = FSDirectory.open(folder)) {
            if (!DirectoryReader.indexExists(dir)) {
                return null;
            }
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            try (CheckIndex check = new CheckIndex(dir)) {
                check.setInfoStream(new PrintStream(report, true, StandardCharsets.UTF_8));
                CheckIndex.Status status = check.checkIndex();
                return status.clean ? null : report.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
