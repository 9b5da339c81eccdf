package io.s3posture.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process of the local stack: output goes to a log file, readiness is polled, and the
 * process is always stopped (also by a JVM shutdown hook if the owner forgets).
 */
public final class ServerProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Thread shutdownHook;

  private ServerProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static ServerProcess start(
      String name, List<String> command, Map<String, String> env, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
      builder.environment().putAll(env);
      LOG.info("starting {}: {} (log: {})", name, String.join(" ", command), logFile);
      return new ServerProcess(name, builder.start(), logFile);
    } catch (IOException e) {
      throw new StackStartupException(name, "could not start " + command.get(0), e);
    }
  }

  /**
   * Waits until {@code ready} holds; fails with the log's tail if the process dies or times out.
   */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new StackStartupException(
            name, "exited with code " + process.exitValue() + " during startup" + logTail());
      }
      if (ready.getAsBoolean()) {
        LOG.info("{} is ready", name);
        return;
      }
      pause();
    }
    stop();
    throw new StackStartupException(name, "not ready after " + timeout + logTail());
  }

  public Path logFile() {
    return logFile;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 20), lines.size());
      return "; last lines of " + logFile + ":\n  " + String.join("\n  ", tail);
    } catch (IOException e) {
      return "; see " + logFile;
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook itself is running or has run; nothing left to do
    }
  }
}
