package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An API server outage is one WARN line without a stack trace, and one INFO when it ends. */
class ApiServerOutageTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(ApiServerOutage.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Level level;

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
    logger.setLevel(level);
  }

  @Test
  void noAnswerOverloadAndServerErrorsAreTransientRefusalsAreNot() {
    assertThat(
            ApiServerOutage.isTransient(
                new KubernetesClientException("refused", new ConnectException("refused"))))
        .isTrue();
    assertThat(ApiServerOutage.isTransient(new KubernetesClientException("x", 503, null))).isTrue();
    assertThat(ApiServerOutage.isTransient(new KubernetesClientException("x", 429, null))).isTrue();
    assertThat(ApiServerOutage.isTransient(new KubernetesClientException("x", 0, null))).isTrue();
    assertThat(ApiServerOutage.isTransient(new KubernetesClientException("x", 422, null)))
        .as("an invalid status is a bug, not an outage")
        .isFalse();
    assertThat(ApiServerOutage.isTransient(new KubernetesClientException("x", 403, null)))
        .isFalse();
  }

  @Test
  void anOutageIsOneWarnLineWithoutAStackTraceAndItsEndOneInfoLine() {
    ApiServerOutage outage = new ApiServerOutage();
    KubernetesClientException refused =
        new KubernetesClientException(
            "Operation: [patch] failed", new ConnectException("Connection refused"));
    for (int i = 0; i < 50; i++) {
      outage.failed("team-a/policy-" + i, refused);
    }
    outage.succeeded();
    outage.succeeded();

    assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.WARN))
        .singleElement()
        .satisfies(
            warn -> {
              assertThat(warn.getFormattedMessage())
                  .contains("team-a/policy-0", "ConnectException: Connection refused", "10 s");
              assertThat(warn.getThrowableProxy()).isNull();
            });
    assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.DEBUG)).hasSize(49);
    assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.INFO))
        .singleElement()
        .satisfies(info -> assertThat(info.getFormattedMessage()).contains("50 status write(s)"));
  }
}
