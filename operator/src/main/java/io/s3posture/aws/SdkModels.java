package io.s3posture.aws;

import io.s3posture.aws.ReplicationConfig.Filter;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.AccessControlTranslation;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplication;
import software.amazon.awssdk.services.s3.model.Destination;
import software.amazon.awssdk.services.s3.model.EncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.ExistingObjectReplication;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.ReplicaModifications;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleAndOperator;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationTimeValue;
import software.amazon.awssdk.services.s3.model.SourceSelectionCriteria;
import software.amazon.awssdk.services.s3.model.SseKmsEncryptedObjects;
import software.amazon.awssdk.services.s3.model.Tag;

/** Maps the bulkier SDK models (ACLs, replication) to the gateway's records and back. */
final class SdkModels {

  private SdkModels() {}

  static BucketAcl acl(GetBucketAclResponse response) {
    String owner = response.owner() != null ? response.owner().id() : null;
    return new BucketAcl(
        owner,
        response.grants().stream()
            .map(
                grant ->
                    new BucketAcl.Grant(
                        grant.grantee().typeAsString(),
                        grant.grantee().id(),
                        grant.grantee().uri(),
                        grant.grantee().emailAddress(),
                        grant.permissionAsString()))
            .toList());
  }

  static AccessControlPolicy accessControlPolicy(BucketAcl acl) {
    return AccessControlPolicy.builder()
        .owner(Owner.builder().id(acl.ownerId()).build())
        .grants(
            acl.grants().stream()
                .map(
                    grant ->
                        Grant.builder()
                            .grantee(
                                Grantee.builder()
                                    .type(grant.granteeType())
                                    .id(grant.granteeId())
                                    .uri(grant.granteeUri())
                                    .emailAddress(grant.granteeEmail())
                                    .build())
                            .permission(grant.permission())
                            .build())
                .toList())
        .build();
  }

  static ReplicationConfig replication(ReplicationConfiguration configuration) {
    return new ReplicationConfig(
        configuration.role(), configuration.rules().stream().map(SdkModels::rule).toList());
  }

  private static ReplicationConfig.Rule rule(ReplicationRule rule) {
    SourceSelectionCriteria selection = rule.sourceSelectionCriteria();
    return new ReplicationConfig.Rule(
        Optional.ofNullable(rule.id()),
        Optional.ofNullable(rule.priority()),
        filter(rule),
        rule.status() == ReplicationRuleStatus.ENABLED,
        destination(rule.destination()),
        Optional.ofNullable(selection)
            .map(SourceSelectionCriteria::sseKmsEncryptedObjects)
            .map(SseKmsEncryptedObjects::statusAsString),
        Optional.ofNullable(selection)
            .map(SourceSelectionCriteria::replicaModifications)
            .map(ReplicaModifications::statusAsString),
        Optional.ofNullable(rule.existingObjectReplication())
            .map(ExistingObjectReplication::statusAsString),
        Optional.ofNullable(rule.deleteMarkerReplication())
            .map(DeleteMarkerReplication::statusAsString));
  }

  @SuppressWarnings("deprecation") // Rule.Prefix is how S3 still returns V1 rules
  private static Filter filter(ReplicationRule rule) {
    ReplicationRuleFilter filter = rule.filter();
    if (filter == null) {
      return new Filter.LegacyPrefix(rule.prefix() != null ? rule.prefix() : "");
    }
    if (filter.and() != null) {
      return new Filter.And(
          Optional.ofNullable(filter.and().prefix()),
          filter.and().tags().stream().map(t -> new Filter.Tag(t.key(), t.value())).toList());
    }
    if (filter.tag() != null) {
      return new Filter.Tag(filter.tag().key(), filter.tag().value());
    }
    return filter.prefix() != null ? new Filter.Prefix(filter.prefix()) : new Filter.Everything();
  }

  private static ReplicationConfig.Destination destination(Destination destination) {
    return new ReplicationConfig.Destination(
        destination.bucket(),
        Optional.ofNullable(destination.account()),
        Optional.ofNullable(destination.storageClassAsString()),
        Optional.ofNullable(destination.accessControlTranslation())
            .map(AccessControlTranslation::ownerAsString),
        Optional.ofNullable(destination.encryptionConfiguration())
            .map(EncryptionConfiguration::replicaKmsKeyID),
        Optional.ofNullable(destination.replicationTime())
            .map(
                time ->
                    new ReplicationConfig.Timed(
                        time.statusAsString(),
                        Optional.ofNullable(time.time()).map(ReplicationTimeValue::minutes))),
        Optional.ofNullable(destination.metrics())
            .map(
                metrics ->
                    new ReplicationConfig.Timed(
                        metrics.statusAsString(),
                        Optional.ofNullable(metrics.eventThreshold())
                            .map(ReplicationTimeValue::minutes))));
  }

  static ReplicationConfiguration replicationConfiguration(ReplicationConfig config) {
    return ReplicationConfiguration.builder()
        .role(config.role())
        .rules(config.rules().stream().map(SdkModels::replicationRule).toList())
        .build();
  }

  @SuppressWarnings("deprecation") // V1 rules are written back with their top-level prefix
  private static ReplicationRule replicationRule(ReplicationConfig.Rule rule) {
    ReplicationRule.Builder builder =
        ReplicationRule.builder()
            .status(rule.enabled() ? ReplicationRuleStatus.ENABLED : ReplicationRuleStatus.DISABLED)
            .destination(destination(rule.destination()));
    rule.id().ifPresent(builder::id);
    rule.priority().ifPresent(builder::priority);
    Filter filter = rule.filter();
    if (filter instanceof Filter.LegacyPrefix legacy) {
      builder.prefix(legacy.prefix());
    } else {
      builder.filter(filter(filter));
    }
    if (rule.sseKmsEncryptedObjects().isPresent() || rule.replicaModifications().isPresent()) {
      SourceSelectionCriteria.Builder selection = SourceSelectionCriteria.builder();
      rule.sseKmsEncryptedObjects()
          .ifPresent(status -> selection.sseKmsEncryptedObjects(o -> o.status(status)));
      rule.replicaModifications()
          .ifPresent(status -> selection.replicaModifications(m -> m.status(status)));
      builder.sourceSelectionCriteria(selection.build());
    }
    rule.existingObjectReplication()
        .ifPresent(status -> builder.existingObjectReplication(e -> e.status(status)));
    rule.deleteMarkerReplication()
        .ifPresent(status -> builder.deleteMarkerReplication(d -> d.status(status)));
    return builder.build();
  }

  private static Destination destination(ReplicationConfig.Destination destination) {
    Destination.Builder builder = Destination.builder().bucket(destination.bucketArn());
    destination.account().ifPresent(builder::account);
    destination.storageClass().ifPresent(builder::storageClass);
    destination
        .ownerOverride()
        .ifPresent(owner -> builder.accessControlTranslation(t -> t.owner(owner)));
    destination
        .replicaKmsKeyId()
        .ifPresent(key -> builder.encryptionConfiguration(e -> e.replicaKmsKeyID(key)));
    destination
        .replicationTime()
        .ifPresent(
            time ->
                builder.replicationTime(
                    r -> {
                      r.status(time.status());
                      time.minutes().ifPresent(minutes -> r.time(t -> t.minutes(minutes)));
                    }));
    destination
        .metrics()
        .ifPresent(
            metrics ->
                builder.metrics(
                    m -> {
                      m.status(metrics.status());
                      metrics
                          .minutes()
                          .ifPresent(minutes -> m.eventThreshold(t -> t.minutes(minutes)));
                    }));
    return builder.build();
  }

  private static ReplicationRuleFilter filter(Filter filter) {
    ReplicationRuleFilter.Builder builder = ReplicationRuleFilter.builder();
    if (filter instanceof Filter.Prefix prefix) {
      builder.prefix(prefix.prefix());
    } else if (filter instanceof Filter.Tag tag) {
      builder.tag(tag(tag));
    } else if (filter instanceof Filter.And and) {
      builder.and(
          ReplicationRuleAndOperator.builder()
              .prefix(and.prefix().orElse(null))
              .tags(and.tags().stream().map(SdkModels::tag).toList())
              .build());
    }
    return builder.build();
  }

  private static Tag tag(Filter.Tag tag) {
    return Tag.builder().key(tag.key()).value(tag.value()).build();
  }
}
