package io.s3posture.cli;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file the command line names, with a usage error a person understands when it cannot:
 * Java's own messages for a missing file are only its path ("cannot read X: X").
 */
final class InputFile {

  private InputFile() {}

  /** The file's text; {@code what} names it in errors, e.g. "policy file". */
  static String read(Path path, String what) {
    if (Files.isDirectory(path)) {
      throw new UsageException("the " + what + " " + path + " is a directory, not a file");
    }
    try {
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      Path absolute = path.toAbsolutePath().normalize();
      throw new UsageException(
          "the "
              + what
              + " "
              + path
              + " does not exist"
              + (absolute.toString().equals(path.toString()) ? "" : " (" + absolute + ")"));
    } catch (AccessDeniedException e) {
      throw new UsageException("cannot read the " + what + " " + path + ": permission denied");
    } catch (MalformedInputException e) {
      throw new UsageException("the " + what + " " + path + " is not UTF-8 text");
    } catch (IOException e) {
      throw new UsageException("cannot read the " + what + " " + path + ": " + e);
    }
  }
}
