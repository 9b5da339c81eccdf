package io.s3posture.status;

/**
 * What GitOps tools are meant to make of each row of {@link PolicyHealth}: the contract the
 * README's table shows, which GitOpsHealthIT checks against the real tools.
 */
public final class GitOpsVerdict {

  private GitOpsVerdict() {}

  /** kstatus (kpt, Config Sync, Flux): Current, InProgress or Failed. */
  public static String kstatus(PolicyHealth.Row row) {
    return switch (row.progress()) {
      case SETTLED -> "Current";
      case RECONCILING -> "InProgress";
      case STALLED -> "Failed";
    };
  }

  /** Argo CD with docs/argocd/health.lua. */
  public static String argo(PolicyHealth.Row row) {
    return switch (row.progress()) {
      case SETTLED -> "Healthy";
      case RECONCILING -> "Progressing";
      case STALLED -> row.reason() == ConditionReason.AwaitingApproval ? "Suspended" : "Degraded";
    };
  }
}
