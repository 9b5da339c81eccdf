package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconcile on a new generation (spec change) or a new value of the check-now annotation, and never
 * on our own status writes.
 */
public final class SpecOrCheckNowChanged implements OnUpdateFilter<HasMetadata> {

  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(checkNow(updated), checkNow(old));
  }

  private static String checkNow(HasMetadata resource) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations())
        .map((Map<String, String> a) -> a.get(BucketPolicy.CHECK_NOW_ANNOTATION))
        .orElse(null);
  }
}
