package io.s3posture.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the leader Lease back on a graceful stop, as client-go's {@code ReleaseOnCancel} does: the
 * holder is cleared and the duration set to one second, so another replica takes over within its
 * retry period instead of waiting for the Lease to expire. java-operator-sdk 5 does not release it.
 * The write is conditional on the Lease's version: a Lease another replica took meanwhile is left
 * alone.
 */
final class LeaseRelease {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;

  LeaseRelease(KubernetesClient client, String namespace, String name, String identity) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.name = Objects.requireNonNull(name, "name");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  /** Releases the Lease if this process holds it; whether it did. Never throws. */
  boolean release() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        LOG.debug("the leader Lease {}/{} is not held by {}", namespace, name, identity);
        return false;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now());
      client.leases().inNamespace(namespace).resource(lease).update();
      LOG.info("released the leader Lease {}/{}", namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      LOG.info(
          "did not release the leader Lease {}/{} ({}): it expires by itself",
          namespace,
          name,
          e.getMessage());
      return false;
    }
  }
}
