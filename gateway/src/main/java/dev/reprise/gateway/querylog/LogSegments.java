package dev.reprise.gateway.querylog;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The query log's folder: numbered files {@code queries-000000000001.jsonl}, oldest first. Files and the folder
 * are readable by their owner only where the file system knows POSIX permissions, since they hold user text.
 */
final class LogSegments {

    private static final Pattern NAME = Pattern.compile("queries-(\\d{12})\\.jsonl");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path folder;

    private LogSegments(Path folder) {
        this.folder = folder;
    }

    /** Opens the folder, creating it when missing. */
    static LogSegments open(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, ownerOnly("rwx------"));
        }
        return new LogSegments(folder);
    }

    Path folder() {
        return folder;
    }

    /** The segment files, oldest first. */
    List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        out.sort(Comparator.comparingLong(LogSegments::sequence));
        return out;
    }

    /** A new, empty segment numbered one after the newest. */
    Path createNext() throws IOException {
        List<Path> existing = list();
        long next = existing.isEmpty() ? 1 : sequence(existing.getLast()) + 1;
        Path file = folder.resolve(String.format("queries-%012d.jsonl", next));
        return Files.createFile(file, ownerOnly("rw-------"));
    }

    static long sequence(Path segment) {
        Matcher m = NAME.matcher(segment.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a query log segment: " + segment);
        }
        return Long.parseLong(m.group(1));
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
