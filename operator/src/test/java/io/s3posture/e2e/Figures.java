package io.s3posture.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Figures measured on the node (pod start, failover, image size), logged and appended to {@code
 * target/e2e/figures.txt}: docs/performance.md quotes them. Figures, never assertions on time.
 */
public final class Figures {

  private static final Logger LOG = LoggerFactory.getLogger(Figures.class);
  private final Path file;

  Figures(Path file) {
    this.file = file;
  }

  public synchronized void record(String name, double value) {
    String line = String.format(Locale.ROOT, "%s\t%s\t%.2f%n", Instant.now(), name, value);
    LOG.info("figure: {} = {}", name, String.format(Locale.ROOT, "%.2f", value));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
