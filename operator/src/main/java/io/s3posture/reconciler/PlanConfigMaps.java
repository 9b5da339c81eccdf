package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.fleet.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a policy's full plan in ConfigMaps next to it (owned by the policy, so they go with it):
 * one write per line, bucket by bucket, in the order the writes would be made. A plan larger than
 * one ConfigMap's budget spans numbered ConfigMaps; no size surprise for status.
 */
public final class PlanConfigMaps implements PlanStore {

  /** Well under a ConfigMap's 1 MiB limit. */
  static final int MAX_CHARS = 512 * 1024;

  static final String LABEL = BucketPolicy.GROUP + "/plan-of";

  private static final Logger LOG = LoggerFactory.getLogger(PlanConfigMaps.class);

  private final KubernetesClient client;
  private final Map<String, String> written = new ConcurrentHashMap<>();

  public PlanConfigMaps(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** The ConfigMap names for {@code plan}, written if it changed; none for an empty plan. */
  @Override
  public List<String> keep(BucketPolicy policy, Plan plan) {
    String uid = policy.getMetadata().getUid();
    String namespace = policy.getMetadata().getNamespace();
    List<String> chunks = chunks(policy, plan);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      names.add(name(policy, i));
    }
    if (plan.hash().equals(written.get(uid))) {
      return names;
    }
    try {
      for (int i = 0; i < chunks.size(); i++) {
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(configMap(policy, i, chunks.get(i), plan))
            .serverSideApply();
      }
      // No list: the operator's RBAC has no read access to ConfigMaps. A shorter plan deletes the
      // numbered ConfigMaps after it until one is not there.
      for (int i = chunks.size(); deleted(namespace, name(policy, i)); i++) {
        // next
      }
      written.put(uid, plan.hash());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not write the plan of {}/{}: {}",
          namespace,
          policy.getMetadata().getName(),
          e.getMessage());
    }
    return names;
  }

  private boolean deleted(String namespace, String name) {
    return !client.configMaps().inNamespace(namespace).withName(name).delete().isEmpty();
  }

  @Override
  public void forget(String uid) {
    written.remove(uid);
  }

  private static String name(BucketPolicy policy, int index) {
    String base = "s3posture-plan-" + policy.getMetadata().getName();
    if (base.length() > 240) {
      base = base.substring(0, 240);
    }
    return index == 0 ? base : base + "-" + index;
  }

  private static List<String> chunks(BucketPolicy policy, Plan plan) {
    List<String> chunks = new ArrayList<>();
    if (plan.isEmpty()) {
      return chunks;
    }
    StringBuilder current = new StringBuilder();
    for (String line : plan.lines()) {
      if (current.length() + line.length() + 1 > MAX_CHARS && current.length() > 0) {
        chunks.add(current.toString());
        current.setLength(0);
      }
      current.append(line).append('\n');
    }
    chunks.add(current.toString());
    return chunks;
  }

  private static ConfigMap configMap(BucketPolicy policy, int index, String lines, Plan plan) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(policy, index))
        .withNamespace(policy.getMetadata().getNamespace())
        .addToLabels(LABEL, policy.getMetadata().getName())
        .addToLabels("app.kubernetes.io/managed-by", "s3-posture-operator")
        .addToAnnotations(BucketPolicy.GROUP + "/plan-hash", plan.hash())
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(policy.getApiVersion())
                .withKind(policy.getKind())
                .withName(policy.getMetadata().getName())
                .withUid(policy.getMetadata().getUid())
                .build())
        .endMetadata()
        .addToData(
            "README",
            "The plan of BucketPolicy "
                + policy.getMetadata().getName()
                + ": "
                + plan.writes()
                + " write(s) to "
                + plan.buckets()
                + " bucket(s), one per line (bucket, control, write), in order. Approve it with"
                + " the annotation "
                + BucketPolicy.APPROVE_PLAN_ANNOTATION
                + "="
                + plan.hash()
                + " on the policy.\n")
        .addToData("plan.tsv", lines)
        .build();
  }
}
