package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Status writes: a fresh object that carries only identity and status (never spec, never user
 * metadata), and no write at all when the status did not change.
 */
final class StatusPatch {

  private StatusPatch() {}

  static <P extends CustomResource<?, S>, S> UpdateControl<P> ifChanged(
      P current, S status, Supplier<P> newResource) {
    return Objects.equals(current.getStatus(), status)
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(statusOnly(current, status, newResource));
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
