package io.s3posture.aws;

import java.util.Optional;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplication;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.Destination;
import software.amazon.awssdk.services.s3.model.EncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleFilter;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.SourceSelectionCriteria;
import software.amazon.awssdk.services.s3.model.SseKmsEncryptedObjectsStatus;

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
    String prefix =
        rule.filter() != null && rule.filter().prefix() != null
            ? rule.filter().prefix()
            : rule.prefix() != null ? rule.prefix() : "";
    Destination destination = rule.destination();
    return new ReplicationConfig.Rule(
        rule.id(),
        rule.priority() != null ? rule.priority() : 0,
        prefix,
        rule.status() == ReplicationRuleStatus.ENABLED,
        destination.bucket(),
        Optional.ofNullable(destination.storageClassAsString()),
        Optional.ofNullable(destination.encryptionConfiguration())
            .map(EncryptionConfiguration::replicaKmsKeyID),
        rule.deleteMarkerReplication() != null
            && rule.deleteMarkerReplication().status() == DeleteMarkerReplicationStatus.ENABLED);
  }

  static ReplicationConfiguration replicationConfiguration(ReplicationConfig config) {
    return ReplicationConfiguration.builder()
        .role(config.role())
        .rules(config.rules().stream().map(SdkModels::replicationRule).toList())
        .build();
  }

  private static ReplicationRule replicationRule(ReplicationConfig.Rule rule) {
    Destination.Builder destination = Destination.builder().bucket(rule.destinationBucketArn());
    rule.storageClass().ifPresent(destination::storageClass);
    rule.replicaKmsKeyId()
        .ifPresent(
            key ->
                destination.encryptionConfiguration(
                    EncryptionConfiguration.builder().replicaKmsKeyID(key).build()));
    ReplicationRule.Builder builder =
        ReplicationRule.builder()
            .id(rule.id())
            .priority(rule.priority())
            .status(rule.enabled() ? ReplicationRuleStatus.ENABLED : ReplicationRuleStatus.DISABLED)
            .filter(ReplicationRuleFilter.builder().prefix(rule.prefix()).build())
            .destination(destination.build())
            .deleteMarkerReplication(
                DeleteMarkerReplication.builder()
                    .status(
                        rule.deleteMarkerReplication()
                            ? DeleteMarkerReplicationStatus.ENABLED
                            : DeleteMarkerReplicationStatus.DISABLED)
                    .build());
    if (rule.replicaKmsKeyId().isPresent()) {
      builder.sourceSelectionCriteria(
          SourceSelectionCriteria.builder()
              .sseKmsEncryptedObjects(
                  objects -> objects.status(SseKmsEncryptedObjectsStatus.ENABLED))
              .build());
    }
    return builder.build();
  }
}
