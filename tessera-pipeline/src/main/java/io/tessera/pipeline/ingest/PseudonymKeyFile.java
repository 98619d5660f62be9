package io.tessera.pipeline.ingest;

import io.tessera.privacy.Pseudonymizer;
import io.tessera.store.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The pseudonymisation key a run uses when neither {@code privacy.pseudonym_key} nor {@code
 * TESSERA_PSEUDONYM_KEY} gives one: a random key kept in a file next to the store, readable and
 * writable by its owner only (0600), made on the first run and read again by every later run with
 * the same store, so the same contact detail keeps the same pseudonym.
 *
 * <p>The key is 32 bytes from {@link SecureRandom} (256 bits, the HMAC-SHA256 block's natural key
 * size; RFC 2104 section 3 recommends at least the hash output length), written base64url.
 */
public final class PseudonymKeyFile {
  private PseudonymKeyFile() {}

  public static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** The key file of a store: {@code <store>.pseudonym-key} beside it. */
  public static Path of(Path storeFile) {
    Path abs = storeFile.toAbsolutePath();
    return abs.resolveSibling(abs.getFileName() + ".pseudonym-key");
  }

  /**
   * The key in the file, making the file first if there is none; says on {@code console} where the
   * key is and how to supply or rotate one.
   */
  public static String readOrCreate(Path file, PrintWriter console) {
    try {
      if (Files.exists(file)) {
        return read(file, console);
      }
      Files.createDirectories(file.getParent());
      String key = newKey();
      try {
        if (posix(file.getParent())) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException raced) {
        return read(file, console);
      }
      Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
      console.printf(
          "pseudonym key: none was set, so a random one was made and kept in %s (owner-only, 0600)."
              + " Keep it: later runs with this store read it, so a contact detail keeps its"
              + " pseudonym. To use your own, set %s or privacy.pseudonym_key; to rotate, delete"
              + " the file (every pseudonym changes).%n",
          file, Pseudonymizer.KEY_ENV);
      console.flush();
      return key;
    } catch (IOException e) {
      throw new ConfigException(
          "cannot keep the pseudonymisation key in "
              + file
              + " ("
              + e.getMessage()
              + "); set "
              + Pseudonymizer.KEY_ENV
              + " or privacy.pseudonym_key instead");
    }
  }

  private static String read(Path file, PrintWriter console) throws IOException {
    if (posix(file)) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new ConfigException(
            file
                + " holds the pseudonymisation key but others may read it ("
                + PosixFilePermissions.toString(perms)
                + "); run chmod 600 "
                + file
                + ", or set "
                + Pseudonymizer.KEY_ENV
                + " instead");
      }
    }
    String key = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (key.length() < 16) {
      throw new ConfigException(
          file
              + " should hold a pseudonymisation key of 16+ characters but holds "
              + key.length()
              + "; delete it to get a new one (every pseudonym changes) or set "
              + Pseudonymizer.KEY_ENV);
    }
    console.printf("pseudonym key: %s%n", file);
    console.flush();
    return key;
  }

  private static boolean posix(Path p) {
    return Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class)
        != null;
  }

  private static String newKey() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
