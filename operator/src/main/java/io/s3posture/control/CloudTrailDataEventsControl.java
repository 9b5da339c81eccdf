package io.s3posture.control;

import io.s3posture.api.v1alpha1.CloudTrailDataEventsSpec;
import io.s3posture.api.v1alpha1.DetectionSpec;
import io.s3posture.aws.DataEventAccess;
import io.s3posture.aws.Trail;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Some logging trail of the region (its own, a multi-region or an organization trail) selects the
 * required S3 data events for every object of every bucket, or of each listed bucket. Trails add
 * up: one may log the reads and another the writes. Selectors count only when they select every
 * object (see {@link io.s3posture.aws.EventSelectors}): a trail is never reported as logging what
 * it may not log.
 */
public final class CloudTrailDataEventsControl
    extends DetectionControl<CloudTrailDataEventsControl.Requirement, List<Trail>> {

  public static final ControlInfo INFO =
      ControlInfo.of(
              "cloudTrailDataEvents",
              "CreateTrail",
              "UpdateTrail",
              "DeleteTrail",
              "StopLogging",
              "StartLogging",
              "PutEventSelectors")
          .audited(
              CheckInfo.of(
                      "cloudTrailDataEvents",
                      Severity.MEDIUM,
                      "CloudTrail logs S3 data events",
                      "Object-level events (GetObject, PutObject, DeleteObject) are the record of"
                          + " who read, changed or deleted data; CloudTrail logs them only when a"
                          + " trail selects them.")
                  .mappedTo(
                      FrameworkMapping.cis("3.8"),
                      FrameworkMapping.cis("3.9"),
                      FrameworkMapping.securityHub("S3.22"),
                      FrameworkMapping.securityHub("S3.23"))
                  .detects(
                      AttackTechnique.DISABLE_OR_MODIFY_CLOUD_LOGS,
                      AttackTechnique.DATA_FROM_CLOUD_STORAGE,
                      AttackTechnique.DATA_DESTRUCTION,
                      AttackTechnique.DATA_ENCRYPTED_FOR_IMPACT));

  /**
   * @param access the data events that must be logged
   * @param buckets the buckets whose objects must be covered; empty: every bucket
   */
  public record Requirement(Set<DataEventAccess> access, List<String> buckets) {

    public Requirement {
      access = Set.copyOf(access);
      buckets = List.copyOf(buckets);
    }

    static Requirement of(CloudTrailDataEventsSpec spec) {
      CloudTrailDataEventsSpec.DataEventAccess events =
          Optional.ofNullable(spec.events()).orElse(CloudTrailDataEventsSpec.DataEventAccess.All);
      Set<DataEventAccess> access =
          switch (events) {
            case All -> EnumSet.allOf(DataEventAccess.class);
            case WriteOnly -> EnumSet.of(DataEventAccess.WRITE);
            case ReadOnly -> EnumSet.of(DataEventAccess.READ);
          };
      return new Requirement(access, Optional.ofNullable(spec.buckets()).orElse(List.of()));
    }
  }

  @Override
  public ControlInfo info() {
    return INFO;
  }

  @Override
  protected Optional<Requirement> required(DetectionSpec detection) {
    return Optional.ofNullable(detection.cloudTrailDataEvents()).map(Requirement::of);
  }

  @Override
  public List<Trail> observe(AccountSubject subject) {
    return subject.detection().trails();
  }

  @Override
  public Drift diff(Requirement required, List<Trail> trails) {
    List<FieldDrift> fields = new ArrayList<>();
    if (required.buckets().isEmpty()) {
      missing(required, trails, Trail::s3DataEventsLoggedForAllBuckets)
          .ifPresent(
              gap ->
                  fields.add(
                      FieldDrift.notRemediable(
                          "dataEvents",
                          describe(required.access()) + " of every bucket, by a logging trail",
                          gap + " (" + summary(trails) + ")")));
    }
    for (String bucket : required.buckets()) {
      missing(required, trails, trail -> trail.s3DataEventsLoggedFor(bucket))
          .ifPresent(
              gap ->
                  fields.add(
                      FieldDrift.notRemediable(
                          "dataEvents[" + bucket + "]",
                          describe(required.access()) + " of every object, by a logging trail",
                          gap)));
    }
    return new Drift(fields);
  }

  /** What no trail logs, e.g. "no trail logs S3 data event reads", or empty when covered. */
  private static Optional<String> missing(
      Requirement required, List<Trail> trails, Function<Trail, Set<DataEventAccess>> logged) {
    Set<DataEventAccess> covered = EnumSet.noneOf(DataEventAccess.class);
    trails.forEach(trail -> covered.addAll(logged.apply(trail)));
    Set<DataEventAccess> gap = EnumSet.noneOf(DataEventAccess.class);
    gap.addAll(required.access());
    gap.removeAll(covered);
    return gap.isEmpty() ? Optional.empty() : Optional.of("no trail logs " + describe(gap));
  }

  private static String describe(Set<DataEventAccess> access) {
    return "S3 data event "
        + access.stream()
            .sorted()
            .map(a -> a == DataEventAccess.READ ? "reads" : "writes")
            .collect(Collectors.joining(" and "));
  }

  /** The trails of the region as the finding should show them. */
  private static String summary(List<Trail> trails) {
    if (trails.isEmpty()) {
      return "no trail in the region";
    }
    return "trails: "
        + trails.stream()
            .map(
                trail ->
                    trail.name()
                        + (trail.logging()
                            ? trail.s3DataEventsLoggedForAllBuckets().isEmpty()
                                ? " (no S3 data events of every bucket)"
                                : " ("
                                    + trail.s3DataEventsLoggedForAllBuckets().stream()
                                        .sorted()
                                        .map(a -> a == DataEventAccess.READ ? "reads" : "writes")
                                        .collect(Collectors.joining(" and "))
                                    + " of every bucket)"
                            : " (not logging)"))
            .collect(Collectors.joining(", "));
  }
}
