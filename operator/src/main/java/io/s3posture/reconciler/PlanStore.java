package io.s3posture.reconciler;

import io.s3posture.api.v1alpha1.BucketPolicy;
import io.s3posture.fleet.Plan;
import java.util.List;

/** Where a policy's full plan is kept for people to read (ConfigMaps next to the policy). */
public interface PlanStore {

  /** The names it is kept under for {@code plan}, written if it changed; none for an empty plan. */
  List<String> keep(BucketPolicy policy, Plan plan);

  /** Forgets what was written for a deleted policy. */
  void forget(String uid);
}
