package io.s3posture.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.rules.all(r, self.rules.exists_one(o, o.id == r.id))",
    message = "replication rule ids must be unique",
    fieldPath = ".rules")
@ValidationRule(
    value = "self.rules.all(r, self.rules.exists_one(o, o.priority == r.priority))",
    message = "replication rule priorities must be unique",
    fieldPath = ".rules")
public record ReplicationSpec(
    @JsonPropertyDescription(
            "IAM role S3 assumes to replicate objects. The operator needs iam:PassRole on it.")
        @Required
        @Size(max = 1024)
        @ValidationRule(
            value = ApiPatterns.ROLE_ARN_RULE,
            messageExpression = ApiPatterns.ROLE_ARN_MESSAGE)
        String role,
    @JsonPropertyDescription(
            "Replication rules that must be present, matched by id. Rules with other ids that"
                + " someone else added are preserved. Source and destination buckets need"
                + " versioning Enabled.")
        @Required
        @Size(min = 1, max = 50)
        List<Rule> rules,
    @JsonPropertyDescription(MODE_DESCRIPTION) Mode mode)
    implements ControlSpec {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(
      @JsonPropertyDescription("Unique rule id (ID in the S3 replication configuration).")
          @Required
          @Size(min = 1, max = 255)
          String id,
      @JsonPropertyDescription("Priority when rules overlap; higher wins. Unique per bucket.")
          @Default("0")
          @Min(0)
          @Max(2147483647)
          Integer priority,
      @JsonPropertyDescription("Replicate only keys with this prefix. Empty: every object.")
          @Default("")
          @Size(max = 1024)
          String prefix,
      @JsonPropertyDescription(
              "ARN of the destination bucket, e.g. arn:aws:s3:::my-bucket-replica.")
          @Required
          @Size(max = 100)
          @ValidationRule(
              value = "self.matches('^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$')",
              messageExpression =
                  "'\"' + self + '\" is not an S3 bucket ARN such as"
                      + " arn:aws:s3:::my-bucket-replica'")
          String destinationBucketArn,
      @JsonPropertyDescription(
              "Storage class of replicas. Unset: the source object's storage class.")
          StorageClass storageClass,
      @JsonPropertyDescription(
              "KMS key ARN (in the destination region) to encrypt replicas of SSE-KMS objects."
                  + " Setting it also replicates SSE-KMS encrypted objects.")
          @Size(max = 512)
          @ValidationRule(
              value = ApiPatterns.KMS_KEY_ARN_RULE,
              messageExpression = ApiPatterns.KMS_KEY_ARN_MESSAGE)
          String replicaKmsKeyArn,
      @JsonPropertyDescription("Replicate delete markers too.") @Default("false")
          Boolean deleteMarkerReplication) {}

  public enum StorageClass {
    STANDARD,
    REDUCED_REDUNDANCY,
    STANDARD_IA,
    ONEZONE_IA,
    INTELLIGENT_TIERING,
    GLACIER,
    DEEP_ARCHIVE,
    GLACIER_IR
  }
}
