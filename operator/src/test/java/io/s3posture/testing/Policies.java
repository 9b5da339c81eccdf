package io.s3posture.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** Applying BucketPolicies written as YAML and waiting for the operator to check them. */
public final class Policies {

  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final OperatorUnderTest operator;

  public Policies(KubernetesClient client, OperatorUnderTest operator) {
    this.client = client;
    this.operator = operator;
  }

  /**
   * A BucketPolicy in {@code namespace} whose spec is the YAML {@code specBody} (indented two
   * spaces as the body of "spec:"), with the moto region filled in.
   */
  public static String manifest(String namespace, String name, String specBody) {
    return """
        apiVersion: s3posture.io/v1alpha1
        kind: BucketPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          aws:
            region: %s
        %s
        """
        .formatted(name, namespace, TestStack.REGION, specBody.stripTrailing().indent(2));
  }

  public BucketPolicy apply(String manifest) {
    return apply(client, BucketPolicy.class, manifest);
  }

  /** Applies the YAML {@code manifest} of a {@code type} resource (server-side apply). */
  static <T extends HasMetadata> T apply(KubernetesClient client, Class<T> type, String manifest) {
    T resource =
        client
            .resources(type)
            .load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)))
            .item();
    return client.resource(resource).serverSideApply();
  }

  /** Applies and waits for the first complete check of this generation. */
  public BucketPolicy applyAndAwaitCheck(String manifest) {
    BucketPolicy applied = apply(manifest);
    return awaitStatus(
        applied,
        p ->
            p.getStatus().buckets() != null
                && p.getStatus().buckets().notChecked() == 0
                && p.getStatus().lastCheckTime() != null);
  }

  /** Waits until the status reflects the current generation and satisfies {@code condition}. */
  public BucketPolicy awaitStatus(BucketPolicy policy, Predicate<BucketPolicy> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> get(policy),
            p ->
                p != null
                    && p.getStatus() != null
                    && p.getStatus().observedGeneration() != null
                    && p.getStatus().observedGeneration().equals(p.getMetadata().getGeneration())
                    && condition.test(p));
  }

  /**
   * Requests an immediate check through the annotation and waits until its status is written: a new
   * lastCheckTime says every governed bucket was checked again.
   */
  public BucketPolicy checkNow(BucketPolicy policy) {
    String before = lastCheck(get(policy));
    requestCheck(policy);
    return awaitStatus(
        policy,
        p ->
            p.getStatus().lastCheckTime() != null && !p.getStatus().lastCheckTime().equals(before));
  }

  private static String lastCheck(BucketPolicy policy) {
    return policy == null || policy.getStatus() == null ? null : policy.getStatus().lastCheckTime();
  }

  /**
   * Sets the check-now annotation to a new value with a merge patch: no resourceVersion, so it
   * cannot conflict with the operator's concurrent status writes.
   */
  public void requestCheck(BucketPolicy policy) {
    client
        .resources(BucketPolicy.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withName(policy.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), checkNowPatch());
  }

  /** A merge patch that sets the check-now annotation (of either kind) to a new value. */
  static String checkNowPatch() {
    return "{\"metadata\":{\"annotations\":{\""
        + BucketPolicy.CHECK_NOW_ANNOTATION
        + "\":\""
        + System.nanoTime()
        + "\"}}}";
  }

  public BucketPolicy get(BucketPolicy policy) {
    return client
        .resources(BucketPolicy.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withName(policy.getMetadata().getName())
        .get();
  }

  public void delete(BucketPolicy policy) {
    client.resource(policy).delete();
  }
}
