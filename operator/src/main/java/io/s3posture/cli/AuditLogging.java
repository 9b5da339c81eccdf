package io.s3posture.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Logging for the audit process: standard output carries the report only, so log lines go to
 * stderr, and the engine's warnings (already in the report) only with S3POSTURE_LOG_LEVEL set.
 */
public final class AuditLogging {

  private AuditLogging() {}

  /** Reconfigures the process's logging; call once, before the audit runs. */
  public static void toStandardError() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger{30} %X{bucket:-} %X{control:-} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    Level level =
        Optional.ofNullable(System.getenv("S3POSTURE_LOG_LEVEL"))
            .map(name -> Level.toLevel(name, Level.ERROR))
            .orElse(Level.ERROR);
    context.getLogger("io.s3posture").setLevel(level);
  }
}
