package io.s3posture.bench;

import io.s3posture.testing.TestStack;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The operator settings of the benchmarks that watch one namespace of policies on the stack. */
final class BenchSettings {

  private BenchSettings() {}

  /** One namespace, no AccountPolicies, every policy's AWS calls to {@code endpoint}. */
  static Map<String, String> oneNamespace(String namespace, URI endpoint) {
    return Map.of(
        "S3POSTURE_WATCH_NAMESPACES",
        namespace,
        "S3POSTURE_ACCOUNT_POLICIES",
        "false",
        "S3POSTURE_DEFAULT_ENDPOINT",
        endpoint.toString());
  }

  /** The same for an operator process, with the stack's credentials and region. */
  static Map<String, String> operatorProcess(String namespace, URI endpoint) {
    Map<String, String> settings = new HashMap<>(oneNamespace(namespace, endpoint));
    settings.put("AWS_ACCESS_KEY_ID", "bench");
    settings.put("AWS_SECRET_ACCESS_KEY", "bench");
    settings.put("AWS_REGION", TestStack.REGION);
    return settings;
  }
}
