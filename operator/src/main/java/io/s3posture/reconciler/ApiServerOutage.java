package io.s3posture.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status writes that fail because the API server is unreachable or overloaded (no answer, 5xx,
 * 429): expected during an upgrade or an outage of the control plane, not a failed reconciliation.
 * The first failure of an outage is one WARN line, without a stack trace; the next ones are DEBUG
 * until a write succeeds, which is one INFO line. The write is retried after {@link #RETRY}.
 */
final class ApiServerOutage {

  static final Duration RETRY = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ApiServerOutage.class);

  private final AtomicInteger failedWrites = new AtomicInteger();

  /** Whether {@code e} is the API server being unreachable or overloaded, not a refusal. */
  static boolean isTransient(KubernetesClientException e) {
    int code = e.getCode();
    return code == 0
        || code >= HttpURLConnection.HTTP_INTERNAL_ERROR
        || code == 429
        || e.getCause() instanceof IOException;
  }

  void failed(String object, KubernetesClientException e) {
    if (failedWrites.getAndIncrement() == 0) {
      LOG.warn(
          "cannot write the status of {}: the API server did not answer ({}); retried every {} s,"
              + " further failures are logged at DEBUG until a write succeeds",
          object,
          describe(e),
          RETRY.toSeconds());
    } else {
      LOG.debug("cannot write the status of {}: {}", object, describe(e));
    }
  }

  void succeeded() {
    int failed = failedWrites.getAndSet(0);
    if (failed > 0) {
      LOG.info("the API server answers again; {} status write(s) had failed meanwhile", failed);
    }
  }

  private static String describe(KubernetesClientException e) {
    if (e.getCode() > 0) {
      return "HTTP " + e.getCode();
    }
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName()
        + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
  }
}
