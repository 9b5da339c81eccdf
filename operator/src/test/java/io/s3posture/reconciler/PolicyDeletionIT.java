package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.localstack.proxy.FaultProxy;
import io.s3posture.localstack.proxy.FaultRule;
import io.s3posture.testing.FaultProxyExtension;
import io.s3posture.testing.LocalStackExtension;
import io.s3posture.testing.OperatorExtension;
import io.s3posture.testing.Policies;
import io.s3posture.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Deleting a policy in the middle of its check: its queued bucket checks stop, and the operator
 * treats the policy being gone (a 404 on its status) as expected, without an ERROR.
 */
@ExtendWith({LocalStackExtension.class, FaultProxyExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyDeletionIT {

  private static final int BUCKETS = 40;

  @RegisterExtension
  static final OperatorExtension running = OperatorExtension.inNamespace("deletion").build();

  private final TestStack stack = running.stack();
  private final String namespace = running.namespace();
  private final Policies policies = running.policies();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterAll
  void stopCapturing() {
    root().detachAppender(logs);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void deletingAPolicyMidCheckStopsItsWorkWithoutAnError(FaultProxy proxy) {
    String prefix = TestStack.uniqueBucketName("deleted");
    List<String> buckets = IntStream.range(0, BUCKETS).mapToObj(i -> prefix + "-" + i).toList();
    buckets.forEach(stack.seeder()::create);
    proxy.addRule(FaultRule.latency(Duration.ofMillis(400)).onOperation("GetBucketVersioning"));

    BucketPolicy policy =
        policies.apply(
            Policies.manifest(
                    namespace,
                    "deleted-mid-check",
                    """
                    buckets: {selector: {namePatterns: ["%s-*"]}}
                    controls:
                      versioning: {}
                    """
                        .formatted(prefix))
                .replace(
                    "region: " + TestStack.REGION,
                    "region: " + TestStack.REGION + "\n    endpoint: " + proxy.endpoint()));
    await().atMost(Policies.TIMEOUT).until(() -> proxy.counts().of("GetBucketVersioning") >= 4);

    policies.delete(policy);

    AtomicLong reads = new AtomicLong(-1);
    await()
        .atMost(Policies.TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .during(Duration.ofSeconds(3))
        .until(() -> reads.getAndSet(proxy.counts().of("GetBucketVersioning")) == reads.get());
    long afterDeletion = reads.get();
    assertThat(afterDeletion)
        .as("the deleted policy's queued checks stopped: not every bucket was read")
        .isLessThan(BUCKETS);
    assertThat(stack.s3().getBucketVersioning(r -> r.bucket(buckets.get(BUCKETS - 1))).status())
        .as("and nothing was written for it after deletion")
        .isNull();
    assertThat(errorsAbout(namespace)).isEmpty();
  }

  private List<String> errorsAbout(String namespace) {
    return logs.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .filter(
            e ->
                e.getMDCPropertyMap().containsValue(namespace)
                    || e.getFormattedMessage().contains(namespace)
                    || (e.getThrowableProxy() != null
                        && ThrowableProxyUtil.asString(e.getThrowableProxy()).contains(namespace)))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
        .toList();
  }
}
