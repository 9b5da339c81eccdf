package io.s3posture.e2e;

import io.s3posture.concurrent.DaemonThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps the containers' logs after their pods are gone: the kubelet deletes a pod's log directory
 * with the pod, and a failover test deletes pods. Every two seconds the kubelet's logs are copied
 * to {@code target/e2e/pod-logs} (one directory per pod, restarts included), where a failed run can
 * be read.
 */
final class PodLogKeeper implements AutoCloseable {

  private final Path from;
  private final Path to;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("pod-log-keeper"));

  PodLogKeeper(Path kubeletPodLogs, Path to) {
    this.from = kubeletPodLogs;
    this.to = to;
    timer.scheduleWithFixedDelay(this::copy, 2, 2, TimeUnit.SECONDS);
  }

  private synchronized void copy() {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        try {
          if (!Files.exists(target) || Files.size(target) != Files.size(file)) {
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          // the pod went away between the walk and the copy: its last copy stays
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // a directory vanished while walking; the next round copies what is left
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    copy();
  }
}
