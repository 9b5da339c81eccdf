package io.s3posture.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.s3posture.api.v1alpha1.BucketPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reconcile on a new generation (spec change) or a new value of one of the operator's annotations
 * (check-now, resume-enforcement, approve-plan), and never on our own status writes.
 */
public final class SpecOrCheckNowChanged implements OnUpdateFilter<HasMetadata> {

  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || ANNOTATIONS.stream()
            .anyMatch(name -> !Objects.equals(annotation(updated, name), annotation(old, name)));
  }

  private static final List<String> ANNOTATIONS =
      List.of(
          BucketPolicy.CHECK_NOW_ANNOTATION,
          BucketPolicy.RESUME_ANNOTATION,
          BucketPolicy.APPROVE_PLAN_ANNOTATION);

  private static String annotation(HasMetadata resource, String name) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations())
        .map((Map<String, String> a) -> a.get(name))
        .orElse(null);
  }
}
