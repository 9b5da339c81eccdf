package io.s3posture.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.s3posture.api.v1alpha1.EncryptionAlgorithm;
import io.s3posture.api.v1alpha1.Mode;
import io.s3posture.aws.PublicAccessBlock;
import io.s3posture.control.EncryptionControl;
import io.s3posture.control.EncryptionRequirement;
import io.s3posture.control.ManagedControl;
import io.s3posture.control.PublicAccessBlockControl;
import io.s3posture.reconciler.DesiredStateRegistry.PolicyRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredStateRegistryTest {

  private static final PolicyRef A = new PolicyRef("ns", "a", "uid-a");
  private static final PolicyRef B = new PolicyRef("ns", "b", "uid-b");

  private final DesiredStateRegistry registry = new DesiredStateRegistry();

  @Test
  void incompatibleRequirementsOnTheSameBucketConflictBothWays() {
    registry.register(A, List.of("shared", "only-a"), List.of(encryption("k1")));
    registry.register(B, List.of("shared"), List.of(encryption("k2")));

    assertThat(registry.guardFor(A).conflictingPolicy("shared", encryption("k1"))).contains("ns/b");
    assertThat(registry.guardFor(B).conflictingPolicy("shared", encryption("k2"))).contains("ns/a");
    assertThat(registry.guardFor(A).conflictingPolicy("only-a", encryption("k1"))).isEmpty();
  }

  @Test
  void equalRequirementsAndPublicAccessBlocksNeverConflict() {
    registry.register(A, List.of("shared"), List.of(encryption("k1"), pab(PublicAccessBlock.ALL)));
    registry.register(
        B,
        List.of("shared"),
        List.of(encryption("k1"), pab(new PublicAccessBlock(true, false, false, false))));

    assertThat(registry.guardFor(A).conflictingPolicy("shared", encryption("k1"))).isEmpty();
    assertThat(registry.guardFor(A).conflictingPolicy("shared", pab(PublicAccessBlock.ALL)))
        .isEmpty();
  }

  @Test
  void aDeletedPolicyNoLongerConflicts() {
    registry.register(A, List.of("shared"), List.of(encryption("k1")));
    registry.register(B, List.of("shared"), List.of(encryption("k2")));
    registry.forgetUid("uid-b");
    assertThat(registry.guardFor(A).conflictingPolicy("shared", encryption("k1"))).isEmpty();
  }

  @Test
  void reRegisteringReplacesTheEarlierClaim() {
    registry.register(A, List.of("shared"), List.of(encryption("k1")));
    registry.register(B, List.of("shared"), List.of(encryption("k2")));
    registry.register(B, List.of("elsewhere"), List.of(encryption("k2")));
    assertThat(registry.guardFor(A).conflictingPolicy("shared", encryption("k1"))).isEmpty();
  }

  private static ManagedControl<?, ?> encryption(String key) {
    return new ManagedControl<>(
        new EncryptionControl(),
        new EncryptionRequirement(
            EncryptionAlgorithm.SSE_KMS, Optional.of(key), Optional.empty(), Set.of(key)),
        Mode.Enforce);
  }

  private static ManagedControl<?, ?> pab(PublicAccessBlock required) {
    return new ManagedControl<>(new PublicAccessBlockControl(), required, Mode.Enforce);
  }
}
