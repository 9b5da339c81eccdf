package io.s3posture.aws;

import java.util.Optional;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;

/**
 * Lifecycle configurations between the SDK's model and {@link LifecycleConfiguration}, both ways.
 */
final class SdkLifecycle {

  private SdkLifecycle() {}

  static LifecycleConfiguration configuration(GetBucketLifecycleConfigurationResponse response) {
    return new LifecycleConfiguration(
        response.rules().stream().map(SdkLifecycle::rule).toList(),
        Optional.ofNullable(response.transitionDefaultMinimumObjectSizeAsString()));
  }

  private static LifecycleConfiguration.Rule rule(LifecycleRule rule) {
    return new LifecycleConfiguration.Rule(
        Optional.ofNullable(rule.id()),
        rule.status() == ExpirationStatus.ENABLED,
        Optional.ofNullable(rule.prefix()),
        Optional.ofNullable(rule.filter()).map(SdkLifecycle::filter),
        Optional.ofNullable(rule.expiration())
            .map(
                e ->
                    new LifecycleConfiguration.Expiration(
                        Optional.ofNullable(e.days()),
                        Optional.ofNullable(e.date()),
                        Optional.ofNullable(e.expiredObjectDeleteMarker()))),
        Optional.ofNullable(rule.noncurrentVersionExpiration())
            .map(
                e ->
                    new LifecycleConfiguration.NoncurrentExpiration(
                        Optional.ofNullable(e.noncurrentDays()),
                        Optional.ofNullable(e.newerNoncurrentVersions()))),
        rule.transitions().stream()
            .map(
                t ->
                    new LifecycleConfiguration.Transition(
                        Optional.ofNullable(t.days()),
                        Optional.ofNullable(t.date()),
                        t.storageClassAsString()))
            .toList(),
        rule.noncurrentVersionTransitions().stream()
            .map(
                t ->
                    new LifecycleConfiguration.NoncurrentTransition(
                        Optional.ofNullable(t.noncurrentDays()),
                        Optional.ofNullable(t.newerNoncurrentVersions()),
                        t.storageClassAsString()))
            .toList(),
        Optional.ofNullable(rule.abortIncompleteMultipartUpload())
            .map(AbortIncompleteMultipartUpload::daysAfterInitiation));
  }

  private static LifecycleConfiguration.Filter filter(LifecycleRuleFilter filter) {
    return new LifecycleConfiguration.Filter(
        Optional.ofNullable(filter.prefix()),
        Optional.ofNullable(filter.tag()).map(SdkLifecycle::tag),
        Optional.ofNullable(filter.objectSizeGreaterThan()),
        Optional.ofNullable(filter.objectSizeLessThan()),
        Optional.ofNullable(filter.and())
            .map(
                and ->
                    new LifecycleConfiguration.And(
                        Optional.ofNullable(and.prefix()),
                        and.tags().stream().map(SdkLifecycle::tag).toList(),
                        Optional.ofNullable(and.objectSizeGreaterThan()),
                        Optional.ofNullable(and.objectSizeLessThan()))));
  }

  private static LifecycleConfiguration.Tag tag(Tag tag) {
    return new LifecycleConfiguration.Tag(tag.key(), tag.value());
  }

  static BucketLifecycleConfiguration configuration(LifecycleConfiguration configuration) {
    return BucketLifecycleConfiguration.builder()
        .rules(configuration.rules().stream().map(SdkLifecycle::rule).toList())
        .build();
  }

  private static LifecycleRule rule(LifecycleConfiguration.Rule rule) {
    LifecycleRule.Builder builder =
        LifecycleRule.builder()
            .id(rule.id().orElse(null))
            .status(rule.enabled() ? ExpirationStatus.ENABLED : ExpirationStatus.DISABLED)
            .prefix(rule.legacyPrefix().orElse(null))
            .filter(rule.filter().map(SdkLifecycle::filter).orElse(null))
            .expiration(
                rule.expiration()
                    .map(
                        e ->
                            LifecycleExpiration.builder()
                                .days(e.days().orElse(null))
                                .date(e.date().orElse(null))
                                .expiredObjectDeleteMarker(
                                    e.expiredObjectDeleteMarker().orElse(null))
                                .build())
                    .orElse(null))
            .noncurrentVersionExpiration(
                rule.noncurrentExpiration()
                    .map(
                        e ->
                            NoncurrentVersionExpiration.builder()
                                .noncurrentDays(e.noncurrentDays().orElse(null))
                                .newerNoncurrentVersions(e.newerNoncurrentVersions().orElse(null))
                                .build())
                    .orElse(null))
            .abortIncompleteMultipartUpload(
                rule.abortIncompleteMultipartUploadDays()
                    .map(days -> AbortIncompleteMultipartUpload.builder().daysAfterInitiation(days))
                    .map(AbortIncompleteMultipartUpload.Builder::build)
                    .orElse(null));
    if (!rule.transitions().isEmpty()) {
      builder.transitions(
          rule.transitions().stream()
              .map(
                  t ->
                      Transition.builder()
                          .days(t.days().orElse(null))
                          .date(t.date().orElse(null))
                          .storageClass(t.storageClass())
                          .build())
              .toList());
    }
    if (!rule.noncurrentTransitions().isEmpty()) {
      builder.noncurrentVersionTransitions(
          rule.noncurrentTransitions().stream()
              .map(
                  t ->
                      NoncurrentVersionTransition.builder()
                          .noncurrentDays(t.noncurrentDays().orElse(null))
                          .newerNoncurrentVersions(t.newerNoncurrentVersions().orElse(null))
                          .storageClass(t.storageClass())
                          .build())
              .toList());
    }
    return builder.build();
  }

  private static LifecycleRuleFilter filter(LifecycleConfiguration.Filter filter) {
    return LifecycleRuleFilter.builder()
        .prefix(filter.prefix().orElse(null))
        .tag(filter.tag().map(SdkLifecycle::tag).orElse(null))
        .objectSizeGreaterThan(filter.objectSizeGreaterThan().orElse(null))
        .objectSizeLessThan(filter.objectSizeLessThan().orElse(null))
        .and(
            filter
                .and()
                .map(
                    and ->
                        LifecycleRuleAndOperator.builder()
                            .prefix(and.prefix().orElse(null))
                            .tags(and.tags().stream().map(SdkLifecycle::tag).toList())
                            .objectSizeGreaterThan(and.objectSizeGreaterThan().orElse(null))
                            .objectSizeLessThan(and.objectSizeLessThan().orElse(null))
                            .build())
                .orElse(null))
        .build();
  }

  private static Tag tag(LifecycleConfiguration.Tag tag) {
    return Tag.builder().key(tag.key()).value(tag.value()).build();
  }
}
