package io.s3posture.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.s3posture.api.v1alpha1.AccountPolicy;
import java.util.function.Predicate;

/**
 * Applying AccountPolicies written as YAML and waiting for their status, as {@link Policies} does
 * for BucketPolicies. AccountPolicies are cluster-scoped and moto has one account: hold {@link
 * TestLocks#MOTO_ACCOUNT}.
 */
public final class AccountPolicies {

  private final KubernetesClient client;

  public AccountPolicies(KubernetesClient client) {
    this.client = client;
  }

  /**
   * An AccountPolicy for moto's account whose spec is the YAML {@code specBody} (indented two
   * spaces as the body of "spec:"), with the region filled in.
   */
  public static String manifest(String name, String specBody) {
    return manifest(name, TestStack.ACCOUNT_ID, specBody);
  }

  /** The same for another account (one the credentials do not own, say). */
  public static String manifest(String name, String accountId, String specBody) {
    return """
        apiVersion: s3posture.io/v1alpha1
        kind: AccountPolicy
        metadata: {name: %s}
        spec:
          aws: {region: %s, accountId: "%s"}
        %s
        """
        .formatted(name, TestStack.REGION, accountId, specBody.stripTrailing().indent(2));
  }

  public AccountPolicy apply(String manifest) {
    return Policies.apply(client, AccountPolicy.class, manifest);
  }

  /** Deletes every AccountPolicy and waits until they are gone (they are cluster-scoped). */
  public void deleteAll() {
    client.resources(AccountPolicy.class).delete();
    await()
        .atMost(Policies.TIMEOUT)
        .until(() -> client.resources(AccountPolicy.class).list().getItems().isEmpty());
  }

  /** Waits until the policy has conditions and they satisfy {@code condition}. */
  public AccountPolicy awaitStatus(String name, Predicate<AccountPolicy> condition) {
    return await()
        .atMost(Policies.TIMEOUT)
        .until(
            () -> client.resources(AccountPolicy.class).withName(name).get(),
            p ->
                p != null
                    && p.getStatus() != null
                    && p.getStatus().conditions() != null
                    && condition.test(p));
  }

  /**
   * Requests a check through the annotation (a merge patch: it cannot conflict with status writes)
   * and waits for the status of a new check: a new lastCheckTime.
   */
  public AccountPolicy checkNow(AccountPolicy policy) {
    String name = policy.getMetadata().getName();
    String before =
        client.resources(AccountPolicy.class).withName(name).get().getStatus().lastCheckTime();
    client
        .resources(AccountPolicy.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), Policies.checkNowPatch());
    return awaitStatus(
        name,
        p ->
            p.getStatus().lastCheckTime() != null && !p.getStatus().lastCheckTime().equals(before));
  }

  /** The condition of {@code type}, which the policy must have. */
  public static Condition condition(AccountPolicy policy, String type) {
    return policy.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
