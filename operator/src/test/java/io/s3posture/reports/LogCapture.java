package io.s3posture.reports;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** What one class logs while a test runs. */
final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Predicate<ILoggingEvent> mine;

  /** Whatever thread logs (the class logs on threads of its own). */
  LogCapture(Class<?> type) {
    this(type, event -> true);
  }

  private LogCapture(Class<?> type, Predicate<ILoggingEvent> mine) {
    this.logger = logbackContext().getLogger(type);
    this.mine = mine;
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * Only what the class logs on this thread: test classes run in parallel, and other tests' objects
   * of the same class log too.
   */
  static LogCapture onThisThread(Class<?> type) {
    String thread = Thread.currentThread().getName();
    return new LogCapture(type, event -> event.getThreadName().equals(thread));
  }

  /**
   * Logback's context, once SLF4J has bound it: a test that asks while other threads are first to
   * initialise SLF4J gets a stand-in factory for a moment.
   */
  private static LoggerContext logbackContext() {
    return await()
                .atMost(Duration.ofSeconds(10))
                .until(
                    LoggerFactory::getILoggerFactory, factory -> factory instanceof LoggerContext)
            instanceof LoggerContext context
        ? context
        : null;
  }

  /** Messages logged at {@code level}, formatted. */
  List<String> at(Level level) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(mine)
          .filter(e -> e.getLevel() == level)
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
