package io.s3posture.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the operator's and the CLI's background threads: daemon threads (they never keep the JVM
 * alive) named as logs, thread dumps and docs show them, either numbered ({@code check-1}, {@code
 * check-2}, …) or all with one name ({@code retries}). Numbering is per factory and starts at 1.
 */
public final class DaemonThreadFactory implements ThreadFactory {

  private final String name;
  private final boolean numbered;
  private final AtomicInteger created = new AtomicInteger();

  private DaemonThreadFactory(String name, boolean numbered) {
    this.name = Objects.requireNonNull(name, "name");
    this.numbered = numbered;
  }

  /** Threads named {@code prefix-1}, {@code prefix-2}, … in the order they are made. */
  public static DaemonThreadFactory numbered(String prefix) {
    return new DaemonThreadFactory(prefix, true);
  }

  /** Threads that all carry {@code name}. */
  public static DaemonThreadFactory named(String name) {
    return new DaemonThreadFactory(name, false);
  }

  @Override
  public Thread newThread(Runnable task) {
    int number = created.incrementAndGet();
    Thread thread = new Thread(task, numbered ? name + "-" + number : name);
    thread.setDaemon(true);
    return thread;
  }
}
