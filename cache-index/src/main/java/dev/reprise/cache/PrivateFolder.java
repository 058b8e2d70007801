package dev.reprise.cache;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder only its owner can read: the cache holds every tenant's questions and full answers. Created as
 * {@code rwx------}, and tightened when it exists with wider rights (an index written before this rule, or
 * under a lax umask). Files Lucene writes later inherit the process umask, but nobody else can reach them
 * through a folder they cannot enter. A file system without POSIX rights is left as it is.
 */
public final class PrivateFolder {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFolder() {
    }

    /** Creates {@code folder} (and missing parents) owner-only, or takes group and other rights off it and its files. */
    public static void prepare(Path folder) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(folder);
            return;
        }
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
            return;
        }
        tighten(folder);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    tighten(file);
                }
            }
        }
    }

    private static void tighten(Path path) throws IOException {
        Set<PosixFilePermission> rights = Files.getPosixFilePermissions(path);
        if (rights.removeAll(OTHERS)) {
            Files.setPosixFilePermissions(path, rights);
        }
    }
}
