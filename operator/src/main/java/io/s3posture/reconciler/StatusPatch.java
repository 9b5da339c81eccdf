package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status writes: a fresh object that carries only identity and status (never spec, never user
 * metadata), and no write at all when the status did not change.
 */
final class StatusPatch {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPatch.class);

  /** Shared by the operator's reconcilers: one outage of the API server is one WARN line. */
  private static final ApiServerOutage OUTAGE = new ApiServerOutage();

  private StatusPatch() {}

  /**
   * Applies {@code status} (server-side apply of the status subresource, as java-operator-sdk
   * would) when it changed, and reconciles again after {@code next}. A policy deleted meanwhile is
   * expected, not an error: its 404 is ignored. An API server that does not answer is expected too
   * ({@link ApiServerOutage}): the write is tried again after at most {@link
   * ApiServerOutage#RETRY}.
   */
  static <P extends CustomResource<?, S>, S> UpdateControl<P> ifChanged(
      Context<P> context, P current, S status, Supplier<P> newResource, Duration next) {
    try {
      if (write(context, current, status, newResource)) {
        OUTAGE.succeeded();
      }
      return UpdateControl.<P>noUpdate().rescheduleAfter(next);
    } catch (KubernetesClientException e) {
      if (!ApiServerOutage.isTransient(e)) {
        throw e;
      }
      OUTAGE.failed(
          current.getMetadata().getNamespace() == null
              ? current.getMetadata().getName()
              : current.getMetadata().getNamespace() + "/" + current.getMetadata().getName(),
          e);
      return UpdateControl.<P>noUpdate()
          .rescheduleAfter(
              next.compareTo(ApiServerOutage.RETRY) < 0 ? next : ApiServerOutage.RETRY);
    }
  }

  /** Whether it wrote (the status changed). */
  private static <P extends CustomResource<?, S>, S> boolean write(
      Context<P> context, P current, S status, Supplier<P> newResource) {
    if (!Objects.equals(current.getStatus(), status)) {
      try {
        context
            .getClient()
            .resource(statusOnly(current, status, newResource))
            .subresource("status")
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager(context.getControllerConfiguration().fieldManager())
                    .withForce(true)
                    .build());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        LOG.debug("deleted before its status was written");
      }
      return true;
    }
    return false;
  }

  static <P extends CustomResource<?, S>, S> P statusOnly(
      P current, S status, Supplier<P> newResource) {
    P fresh = newResource.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .withUid(current.getMetadata().getUid())
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
